// Starts the built emulator binary and resolves once it prints its URL.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const binary = fileURLToPath(new URL('../target/release/appmixer-emulator', import.meta.url));

export function startEmulator(args = [], { echo = false, port = 0 } = {}) {
  const child = spawn(binary, ['--port', String(port), ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error('emulator did not start within 20 s')), 20000);
    child.on('error', (e) => reject(e));
    child.on('exit', (code) => reject(new Error(`emulator exited early with code ${code}\n${out}`)));
    child.stdout.on('data', (chunk) => {
      const text = chunk.toString();
      if (echo) process.stdout.write(text);
      out += text;
      const m = out.match(/listening on (http:\/\/\S+)/);
      if (m) {
        clearTimeout(timer);
        resolve({ url: m[1], output: out, child, stop: () => child.kill('SIGTERM') });
      }
    });
  });
}
