// JSON calls to the annotation API with the CSRF header; network failures become status 0.

const csrfToken = document.querySelector('meta[name="csrf-token"]')?.content || '';

async function call(method, url, body) {
  let response;
  try {
    response = await fetch(url, {
      method,
      credentials: 'same-origin',
      // keepalive lets a save started while the page closes still reach the server.
      keepalive: method !== 'GET',
      headers: {
        Accept: 'application/json',
        ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
        'X-CSRFToken': csrfToken,
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch (error) {
    return { ok: false, status: 0, data: null };
  }
  let data = null;
  try {
    data = await response.json();
  } catch (error) {
    data = null;
  }
  return { ok: response.ok, status: response.status, data };
}

export const getJSON = (url) => call('GET', url);
export const putJSON = (url, body) => call('PUT', url, body);
