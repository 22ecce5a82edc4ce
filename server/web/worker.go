package web

// serviceWorkerJS is the app-worker.js template (go-app's text/template with
// .Version and .ResourcesToCache). It differs from go-app's default in its
// fetch handler:
//   - only same-origin GET requests are answered from the cache; the host's
//     live endpoints (/config.json, /rpc, /relay, /dev/) always go to the
//     network, so the wallet can tell when the host is down;
//   - a page navigation ignores the query string (/channel?id=3 is served by
//     the cached /channel) and falls back to the cached "/" when offline, so
//     a reload with the host stopped still opens the wallet.
const serviceWorkerJS = `const cacheName = "app-" + "{{.Version}}";
const resourcesToCache = {{.ResourcesToCache}};
const networkOnly = ["/config.json", "/rpc", "/relay", "/dev/"];

self.addEventListener("install", (event) => {
  event.waitUntil(
    caches
      .open(cacheName)
      .then((cache) => cache.addAll(resourcesToCache))
      .then(() => self.skipWaiting())
  );
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((keys) =>
        Promise.all(keys.map((k) => (k !== cacheName ? caches.delete(k) : null)))
      )
      .then(() => self.clients.claim())
  );
});

self.addEventListener("fetch", (event) => {
  const req = event.request;
  if (req.method !== "GET") {
    return;
  }
  const url = new URL(req.url);
  if (url.origin !== self.location.origin) {
    return;
  }
  if (networkOnly.some((p) => url.pathname === p || url.pathname.startsWith(p))) {
    return;
  }
  const navigate = req.mode === "navigate";
  event.respondWith(
    caches.match(req, { ignoreSearch: navigate }).then((hit) => {
      if (hit) {
        return hit;
      }
      return fetch(req).catch((err) => {
        if (navigate) {
          return caches.match("/").then((root) => root || Promise.reject(err));
        }
        return Promise.reject(err);
      });
    })
  );
});
`
