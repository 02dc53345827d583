// The config module's public face: load, describe, and the Config contract.

export { configSummary, describeConfig } from './describe.js';
export { type FlagValue, type LoadOptions, loadConfig } from './load.js';
export { defaultConfig } from './schema.js';
export * from './types.js';
