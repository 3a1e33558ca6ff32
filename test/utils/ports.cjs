// Free loopback ports, in plain CommonJS so the harness's scenario helpers (redis-server.cjs) can
// use it without a build; ports.ts gives it its types.
'use strict';
const { createServer } = require('node:net');

/** A port that was free a moment ago on 127.0.0.1. */
function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

module.exports = { freePort };
