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
