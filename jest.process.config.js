// Specs that run the compiled service as a child process and kill it (`npm run test:process`):
// outside `npm test`, since they need `npm run build` first and own their processes.
const base = require('./jest.config.js');
const { displayName: _name, testMatch: _match, ...common } = base.projects[0];

/** @type {import('jest').Config} */
module.exports = { ...common, displayName: 'process', testMatch: ['<rootDir>/test/**/*.process-spec.ts'], testTimeout: 60000 };
