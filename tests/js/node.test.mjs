// The JS suite in Node 20, importing the package by its name as a user would.
import test from 'node:test';
import { Appmixer, AppmixerError, isAppmixerError, wasmMemoryBytes, wasmDiagnostics } from 'appmixer-wasm';
import { defineSuite } from './suite/index.mjs';

const emulatorUrl = process.env.APPMIXER_EMULATOR_URL;
if (!emulatorUrl) throw new Error('APPMIXER_EMULATOR_URL is not set (run npm test)');

defineSuite(test, { Appmixer, AppmixerError, isAppmixerError, wasmMemoryBytes, wasmDiagnostics, emulatorUrl });
