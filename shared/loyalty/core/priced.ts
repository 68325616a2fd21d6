import { type CurrencyTable, rateAt } from '../../platform/currency.js';
import type { LoyaltyCommand } from './model.js';
import type { LoyaltyProgram } from './program.js';

/**
 * An order in another currency than the program's, with the rate of its date from the shop's table (program currency
 * per unit of the order's): it earns on the converted amount. Without a rate in the table the command is left as it
 * is, and `post` refuses it with the reason. Every other command as it is.
 */
export function priced(program: LoyaltyProgram, rates: CurrencyTable, command: LoyaltyCommand): LoyaltyCommand {
  if (command.kind !== 'order' || command.currency === program.currency || command.rate !== undefined) return command;
  const rate = rateAt(rates, command.currency, program.currency, command.at);
  return rate === null ? command : { ...command, rate };
}
