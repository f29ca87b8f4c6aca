#!/usr/bin/env node
/**
 * Prints which test services are reachable, e.g. `postgres=up redis=down`, for nx's cache key
 * (`nx.json` sharedGlobals): a test run with a service down skips that service's tests, and its
 * cached result must not be replayed for a run where the service is up (or the reverse).
 * A TCP connect per service, 500 ms at most each; it never fails.
 */
import { connect } from 'node:net';

const services = {
  postgres: process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test',
  redis: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
};
const defaultPorts = { postgres: 5432, redis: 6379 };

const probe = (name, url) =>
  new Promise((resolve) => {
    let host;
    let port;
    try {
      const parsed = new URL(url);
      host = parsed.hostname.replace(/^\[|\]$/g, '') || '127.0.0.1';
      port = Number(parsed.port) || defaultPorts[name];
    } catch {
      resolve('invalid-url');
      return;
    }
    const socket = connect({ host, port });
    const done = (state) => {
      socket.destroy();
      resolve(state);
    };
    socket.setTimeout(500, () => done('down'));
    socket.once('connect', () => done('up'));
    socket.once('error', () => done('down'));
  });

const states = await Promise.all(
  Object.entries(services).map(async ([name, url]) => `${name}=${await probe(name, url)}`),
);
console.log(states.join(' '));
