// The app's only way to the server: POST /query with the bearer token.
//
// The token lives in memory and in sessionStorage (not localStorage): it
// survives a reload of the tab but not the tab itself, is never shared
// with other tabs or written to disk by the browser's long-term storage,
// and is sent only by this code, in the Authorization header, so no other
// site can make the browser send it (no CSRF to defend against, unlike a
// cookie). A script injected into the page could read it, which is what
// the page's strict Content-Security-Policy (no inline or foreign scripts)
// rules out. docs/WEBAPP.md explains the choice.
import type { TypedDocumentString } from "./gql/graphql";

const TOKEN_KEY = "orgraph.token";
let token: string | null = sessionStorage.getItem(TOKEN_KEY);

export function getToken(): string | null {
  return token;
}

export function setToken(t: string | null): void {
  token = t;
  if (t) sessionStorage.setItem(TOKEN_KEY, t);
  else sessionStorage.removeItem(TOKEN_KEY);
}

export type ApiErrorItem = { message: string; code: string; field?: string };

export class ApiError extends Error {
  constructor(public errors: ApiErrorItem[]) {
    super(errors.map((e) => e.message).join("; "));
  }
  get code(): string {
    return this.errors[0]?.code ?? "";
  }
  // fieldErrors maps an input field (extensions.field, e.g. "contact.email")
  // to its message; errors of no field are under "".
  fieldErrors(): Record<string, string> {
    const out: Record<string, string> = {};
    for (const e of this.errors) out[e.field ?? ""] = e.message;
    return out;
  }
}

// onUnauthenticated is called when the server no longer accepts the token
// (expired or revoked): the app drops it and shows the sign-in page.
let onUnauthenticated: () => void = () => {};
export function whenSignedOut(f: () => void): void {
  onUnauthenticated = f;
}

export async function gql<R, V>(doc: TypedDocumentString<R, V>, variables?: V): Promise<R> {
  const headers: Record<string, string> = { "Content-Type": "application/json" };
  if (token) headers.Authorization = `Bearer ${token}`;
  let resp: Response;
  try {
    resp = await fetch("/query", { method: "POST", headers, body: JSON.stringify({ query: doc.toString(), variables }) });
  } catch {
    throw new ApiError([{ message: "The server cannot be reached. Check your connection and try again.", code: "NETWORK" }]);
  }
  let body: { data?: R; errors?: { message: string; extensions?: { code?: string; field?: string } }[] };
  try {
    body = await resp.json();
  } catch {
    throw new ApiError([{ message: `The server answered ${resp.status} without a readable body.`, code: "INTERNAL_SERVER_ERROR" }]);
  }
  if (body.errors?.length) {
    const errs = body.errors.map((e) => ({ message: e.message, code: e.extensions?.code ?? "", field: e.extensions?.field }));
    if (token && errs.some((e) => e.code === "UNAUTHENTICATED")) {
      setToken(null);
      onUnauthenticated();
    }
    throw new ApiError(errs);
  }
  return body.data as R;
}
