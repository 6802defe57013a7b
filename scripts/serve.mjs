// A small static server for the demo page and the browser tests. It serves
// only the package (js/, pkg/, dist/), the demo and the browser test pages, plus
// /demo-config.json telling the page where the emulator is.
import { createServer } from 'node:http';
import { readFile } from 'node:fs/promises';
import { extname, normalize, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const allowed = ['/js/', '/pkg/', '/dist/', '/demo/', '/tests/js/'];
const types = { '.html': 'text/html', '.js': 'text/javascript', '.mjs': 'text/javascript', '.css': 'text/css', '.json': 'application/json', '.png': 'image/png', '.wasm': 'application/wasm' };

/** `extraDirs`: more repository folders to serve (the bench adds its own). */
export function serve({ port = 0, host = '127.0.0.1', config = {}, extraDirs = [] } = {}) {
  const dirs = [...allowed, ...extraDirs];
  const server = createServer(async (req, res) => {
    const path = normalize(decodeURIComponent(new URL(req.url, 'http://x').pathname));
    if (path === '/' ) {
      res.writeHead(302, { location: '/demo/' }).end();
      return;
    }
    if (path === '/demo-config.json') {
      res.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-store' }).end(JSON.stringify(config));
      return;
    }
    const file = path.endsWith('/') ? path + 'index.html' : path;
    if (!dirs.some((p) => file.startsWith(p))) {
      res.writeHead(404).end('not found');
      return;
    }
    try {
      const body = await readFile(join(root, file));
      res.writeHead(200, { 'content-type': types[extname(file)] ?? 'application/octet-stream', 'cache-control': 'no-store' }).end(body);
    } catch {
      res.writeHead(404).end('not found');
    }
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve({ server, url: `http://${host}:${server.address().port}` }));
  });
}
