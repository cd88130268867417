// A small history-API router: the server serves the app for every route.
import { useEffect, useState } from "preact/hooks";

const listeners = new Set<() => void>();

export function navigate(path: string, replace = false): void {
  if (replace) history.replaceState(null, "", path);
  else history.pushState(null, "", path);
  listeners.forEach((l) => l());
  window.scrollTo(0, 0);
}

window.addEventListener("popstate", () => listeners.forEach((l) => l()));

export type Route = { path: string; query: URLSearchParams };

export function useRoute(): Route {
  const [, force] = useState(0);
  useEffect(() => {
    const l = () => force((n) => n + 1);
    listeners.add(l);
    l(); // a child may have navigated before this effect ran (children's effects run first)
    return () => {
      listeners.delete(l);
    };
  }, []);
  return { path: location.pathname, query: new URLSearchParams(location.search) };
}

// workspacePath is the work page of a workspace (null: personal).
export function workspacePath(slug: string | null): string {
  return slug ? `/orgs/${encodeURIComponent(slug)}/work` : "/work";
}

// Redirect replaces the current route once rendered.
export function Redirect(props: { to: string }): null {
  useEffect(() => navigate(props.to, true), [props.to]);
  return null;
}
