// Every JS test of the package, defined once and run both in Node 20
// (tests/js/node.test.mjs) and in headless Chromium (tests/js/browser.mjs).
import core from './core.mjs';
import flows from './flows.mjs';
import stores from './stores.mjs';
import resources from './resources.mjs';
import extras from './extras.mjs';
import matrix from './matrix.mjs';
import faults from './faults.mjs';
import load from './load.mjs';

export function defineSuite(test, ctx) {
  for (const define of [core, flows, stores, resources, extras, faults, matrix, load]) define(test, ctx);
}
