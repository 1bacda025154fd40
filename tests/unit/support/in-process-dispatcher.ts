import { createServer, type RequestListener } from 'node:http';
import { Duplex } from 'node:stream';
import { Agent, type Dispatcher } from 'undici';

/**
 * An undici Dispatcher that hands every request to a node:http request listener in this process: undici writes real
 * HTTP/1.1 into one end of an in-memory stream pair and node's HTTP server parses it from the other and calls the
 * listener (the real handler code, not a stand-in). No port, no socket: a table row costs a function call.
 */
export function inProcessDispatcher(listener: RequestListener): Dispatcher {
  const server = createServer(listener);
  return new Agent({
    connect: (_options, callback) => {
      const [client, serverSide] = streamPair();
      server.emit('connection', serverSide);
      // undici must not get its connection synchronously (it is then still inside its own resume and never writes).
      queueMicrotask(() => callback(null, client as never));
      return client as never;
    },
  });
}

/** Two duplex streams, each one's writes the other's reads; they look enough like a socket for both HTTP sides. */
function streamPair(): [Duplex, Duplex] {
  const sides: Duplex[] = [];
  const side = (peer: () => Duplex) =>
    Object.assign(
      new Duplex({
        read() {},
        write(chunk: Buffer, _encoding, done) {
          peer().push(chunk);
          done();
        },
        final(done) {
          peer().push(null);
          done();
        },
      }),
      {
        remoteAddress: '127.0.0.1',
        remotePort: 0,
        encrypted: false,
        setTimeout: () => undefined,
        setNoDelay: () => undefined,
        setKeepAlive: () => undefined,
      },
    );
  sides.push(
    side(() => sides[1] as Duplex),
    side(() => sides[0] as Duplex),
  );
  return [sides[0] as Duplex, sides[1] as Duplex];
}
