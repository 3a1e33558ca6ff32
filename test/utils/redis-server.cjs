// Real Redis servers (Debian's redis-server) on free loopback ports, for tests and for the
// differential harness's redlock scenarios (plain CommonJS: the scenarios run without a build).
// No persistence: `--save '' --appendonly no`; each server is stopped by `stop()`.
'use strict';
const { spawn, spawnSync } = require('node:child_process');
const { createConnection } = require('node:net');
const { freePort } = require('./ports.cjs');

/** Whether `redis-server` is on PATH. */
function haveRedisServer() {
  return spawnSync('redis-server', ['--version'], { stdio: 'ignore' }).status === 0;
}

/** One PING through a raw connection: true on +PONG. */
function ping(port) {
  return new Promise((resolve) => {
    const socket = createConnection({ host: '127.0.0.1', port });
    let reply = '';
    socket.once('error', () => resolve(false));
    socket.on('data', (d) => {
      reply += d;
      if (reply.includes('\r\n')) {
        socket.destroy();
        resolve(reply.startsWith('+PONG'));
      }
    });
    socket.once('connect', () => socket.write('PING\r\n'));
  });
}

/**
 * Starts one redis-server on a free loopback port and resolves once it answers PING.
 * `{ host, port, url, stop(), log() }`; rejects (with its output) when it exits or stays silent.
 */
async function startRedisServer({ timeoutMs = 10_000 } = {}) {
  for (let tries = 0; ; tries++) {
    const port = await freePort();
    const child = spawn(
      'redis-server',
      [
        '--port',
        String(port),
        '--bind',
        '127.0.0.1',
        '--save',
        '',
        '--appendonly',
        'no',
        '--loglevel',
        'warning',
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    // Killed when the process that started it exits without stopping it (a failed test run).
    const killOnExit = () => child.kill('SIGKILL');
    process.once('exit', killOnExit);
    const exited = new Promise((resolve) => child.once('exit', resolve));
    void exited.then(() => process.removeListener('exit', killOnExit));
    child.once('error', (err) => (output += String(err)));
    const server = {
      host: '127.0.0.1',
      port,
      url: `redis://127.0.0.1:${port}`,
      pid: child.pid,
      log: () => output,
      async stop() {
        if (child.exitCode === null && child.signalCode === null) {
          child.kill('SIGTERM');
          const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
          await exited;
          clearTimeout(timer);
        }
      },
    };
    const deadline = Date.now() + timeoutMs;
    while (child.exitCode === null && child.signalCode === null && Date.now() < deadline) {
      if (await ping(port)) return server;
      await new Promise((r) => setTimeout(r, 20));
    }
    await server.stop();
    // Another process took the port between freePort() and the bind: try another one.
    if (tries < 3 && /Address already in use/.test(output)) continue;
    throw new Error(
      `redis-server on 127.0.0.1:${port} did not answer PING within ${timeoutMs} ms:\n${output}`,
    );
  }
}

/** `count` servers (redlock's quorum needs several), stopped together. */
async function startRedisServers(count, options) {
  const servers = [];
  try {
    for (let i = 0; i < count; i++) servers.push(await startRedisServer(options));
  } catch (err) {
    await Promise.all(servers.map((s) => s.stop()));
    throw err;
  }
  return servers;
}

module.exports = { haveRedisServer, startRedisServer, startRedisServers };
