import { createRekindleApp } from './rekindle-app.js';

createRekindleApp().app.synth();
