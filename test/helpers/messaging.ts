/** One cart used by the messaging tests: an item with a link and an image, and one without. */
export const sampleCart = {
  cartId: 'cart-7',
  currency: 'SAR',
  total: 611,
  items: [
    {
      productId: 'p1',
      name: 'Oud Wood 50ml',
      price: 420,
      quantity: 1,
      url: 'https://shop.example/p/oud-wood',
      image: 'https://shop.example/img/oud.jpg',
    },
    { productId: 'p2', name: 'Amber Candle', price: 95.5, quantity: 2 },
  ],
} as const;
