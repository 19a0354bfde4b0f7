/**
 * The server's WebSocket URL: `?server=ws://host:port/ws` in the page's address, else the
 * build-time `VITE_PEYK_SERVER`, else `/ws` on the host that served the app (production: the
 * Peyk server serves the app at `/`).
 */
export function serverUrl(
  location: Pick<Location, 'search' | 'protocol' | 'host'> = window.location,
): string {
  const fromQuery = new URLSearchParams(location.search).get('server');
  if (fromQuery && /^wss?:\/\//.test(fromQuery)) return fromQuery;
  const fromBuild = import.meta.env.VITE_PEYK_SERVER as string | undefined;
  if (fromBuild) return fromBuild;
  return `${location.protocol === 'https:' ? 'wss:' : 'ws:'}//${location.host}/ws`;
}
