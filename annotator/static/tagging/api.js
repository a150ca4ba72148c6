// JSON calls to the annotation API with the CSRF header; network failures become status 0.

const csrfMeta = document.querySelector('meta[name="csrf-token"]');
let csrfToken = csrfMeta?.content || '';

// Each answer to a signed-in page carries a freshly signed token: keep it, and share it
// through the meta tag, so a page left open all day keeps saving while it is used.
function keepFreshToken(response) {
  const fresh = response.headers.get('X-CSRFToken');
  if (fresh) {
    csrfToken = fresh;
    if (csrfMeta) csrfMeta.content = fresh;
  }
}

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
  keepFreshToken(response);
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
export const postJSON = (url, body) => call('POST', url, body);
