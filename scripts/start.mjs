// Starts the emulator with demo data and serves the demo page; prints its URL.
import { startEmulator } from './emulator.mjs';
import { serve } from './serve.mjs';

const port = Number(process.env.PORT ?? 8080);
// The emulator's usual port (the README's examples use it), or any free one.
const emulator = await startEmulator(['--seed', 'demo'], { echo: true, port: 2200 }).catch(() => {
  console.log('Port 2200 is taken (see above): the emulator takes a free port instead.');
  return startEmulator(['--seed', 'demo'], { echo: true });
});
let url;
try {
  ({ url } = await serve({
    port,
    config: { baseUrl: emulator.url, username: 'demo@example.com', password: 'demo1234' },
  }));
} catch (err) {
  emulator.stop();
  console.error(
    err.code === 'EADDRINUSE'
      ? `\nPort ${port} is already in use: run with another one, e.g. PORT=8081 npm start`
      : `\nThe demo server could not start: ${err.message}`,
  );
  process.exit(1);
}
console.log(`\nDemo page: ${url}/demo/   (emulator API: ${emulator.url}; Ctrl+C stops both)`);
const stop = () => { emulator.stop(); process.exit(0); };
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
