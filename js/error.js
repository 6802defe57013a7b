// The error every failed call rejects with (CONTRACT §3). It is defined in JS
// so it is a real `Error` subclass with a stack; the wasm core constructs it.
export class AppmixerError extends Error {
  constructor(message, code, config, response) {
    super(message);
    this.name = 'AppmixerError';
    // Code written for the official SDK checks axios.isAxiosError(err).
    this.isAxiosError = true;
    this.code = code;
    this.config = config;
    if (response) {
      this.response = response;
      this.data = response.data;
      this.status = response.status;
    }
  }

  toJSON() {
    const json = { name: this.name, message: this.message, code: this.code, config: this.config };
    if (this.response) {
      const { status, statusText, headers, data } = this.response;
      json.status = status;
      json.response = { status, statusText, headers, data };
      json.data = data;
    }
    return json;
  }
}

export function isAppmixerError(value) {
  return value instanceof AppmixerError;
}

/** `[name, value, ...]` as an object; a repeated name collects its values in an array. */
function fromPairs(list) {
  const obj = {};
  for (let i = 0; i + 1 < list.length; i += 2) {
    const [name, value] = [list[i], list[i + 1]];
    const seen = Object.hasOwn(obj, name) ? obj[name] : undefined;
    // defineProperty: a query key `__proto__` is data, not the prototype.
    Object.defineProperty(obj, name, {
      value: seen === undefined ? value : [].concat(seen, value),
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  return obj;
}

/** `text` with every occurrence of the access token replaced (no token, no change). */
export function redact(text, token) {
  return token ? text.split(token).join('[REDACTED]') : text;
}

// The core's error for a request it sent: `config` as axios shows it, the
// token redacted everywhere (URL, Authorization, other header values);
// `response` when the server answered. `extra` are `_request`'s own headers.
export function requestError(message, code, method, url, params, data, contentType, token, extra, response, body) {
  const headers = [];
  if (contentType) headers.push('Content-Type', contentType);
  if (token) headers.push('Authorization', 'Bearer [REDACTED]');
  for (let i = 0; i + 1 < extra.length; i += 2) {
    const [name, value] = [extra[i], extra[i + 1]];
    const secret = name.toLowerCase() === 'authorization';
    headers.push(name, secret ? (value.startsWith('Bearer ') ? 'Bearer [REDACTED]' : '[REDACTED]') : redact(value, token));
  }
  const config = {
    method: method.toLowerCase(),
    url: redact(url, token),
    params: params.length ? fromPairs(params) : undefined,
    data,
    headers: fromPairs(headers),
  };
  const answer = response && {
    status: response.status,
    statusText: response.statusText,
    headers: Object.fromEntries(response.headers),
    data: body,
  };
  return new AppmixerError(message, code, config, answer);
}
