// A light HTTP client for the load benchmarks (node:http with a keep-alive agent): fetch costs the shared
// cores more than the server does.
import { Buffer } from 'node:buffer';
import { request } from 'node:http';
import { URLSearchParams } from 'node:url';

/** POSTs `body` (already encoded, of `type`) to 127.0.0.1:`port`; resolves with the status and the text. */
export function post(agent, port, path, body, type, headers = {}) {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port,
        path,
        method: 'POST',
        agent,
        headers: { ...headers, 'content-type': type, 'content-length': Buffer.byteLength(body) },
      },
      (res) => {
        const chunks = [];
        res.on('data', (c) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode, text: Buffer.concat(chunks).toString() }));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

/** POSTs `value` as JSON; resolves with the status and the parsed answer. */
export async function postJson(agent, port, path, value) {
  const { status, text } = await post(agent, port, path, JSON.stringify(value), 'application/json');
  return { status, json: JSON.parse(text) };
}

/** POSTs a form (a Twilio webhook), with extra headers such as its signature. */
export function postForm(agent, port, path, fields, headers = {}) {
  const body = new URLSearchParams(fields).toString();
  return post(agent, port, path, body, 'application/x-www-form-urlencoded', headers);
}
