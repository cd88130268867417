// The header: the current workspace and the user menu (switch workspace,
// Organization -> Create / Settings, my invitations, sign out).
import { useEffect, useRef, useState } from "preact/hooks";
import { navigate, workspacePath } from "./router";
import type { OrgSummary, Session } from "./session";
import { Link, useId } from "./ui";

export function Header(props: { session: Session; orgs: OrgSummary[]; current: string | null; onSignOut: () => void }) {
  const [open, setOpen] = useState(false);
  const menuId = useId("menu");
  const ref = useRef<HTMLDivElement>(null);
  const button = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (!open) return;
    const close = (e: Event) => {
      if (ref.current && !ref.current.contains(e.target as Node)) setOpen(false);
    };
    const esc = (e: KeyboardEvent) => {
      if (e.key === "Escape") {
        setOpen(false);
        button.current?.focus();
      }
    };
    document.addEventListener("click", close);
    document.addEventListener("keydown", esc);
    ref.current?.querySelector<HTMLElement>("a, button:not([aria-haspopup])")?.focus();
    return () => {
      document.removeEventListener("click", close);
      document.removeEventListener("keydown", esc);
    };
  }, [open]);
  const go = (path: string) => {
    setOpen(false);
    navigate(path);
  };
  const item = (label: string, path: string, current = false) => (
    <li>
      <a
        href={path}
        aria-current={current ? "page" : undefined}
        onClick={(e) => {
          e.preventDefault();
          go(path);
        }}
      >
        {label}
      </a>
    </li>
  );
  const workspaceName = props.current ?? "Personal workspace";
  return (
    <header class="top">
      <Link href={workspacePath(props.current)} class="brand">
        Orgraph
      </Link>
      <span class="workspace" aria-label="Current workspace">
        {workspaceName}
      </span>
      <div class="usermenu" ref={ref}>
        <button ref={button} type="button" aria-haspopup="true" aria-expanded={open} aria-controls={menuId} onClick={() => setOpen(!open)}>
          {props.session.me.username} <span aria-hidden="true">▾</span>
        </button>
        <nav id={menuId} hidden={!open} aria-label="User menu" class="menu">
          <p class="menuhead">Workspace</p>
          <ul>
            {item("Personal workspace", workspacePath(null), props.current === null)}
            {props.orgs.map((o) => item(o.slug, workspacePath(o.slug), props.current === o.slug))}
          </ul>
          <p class="menuhead">Organization</p>
          <ul>
            {item("Create", "/orgs/new")}
            {props.current ? item("Settings", `/orgs/${encodeURIComponent(props.current)}/settings`) : null}
          </ul>
          <ul>
            {item("My invitations", "/invitations")}
            <li>
              <a href="/graphiql">GraphiQL</a>
            </li>
            <li>
              <button type="button" class="linklike" onClick={props.onSignOut}>
                Sign out
              </button>
            </li>
          </ul>
        </nav>
      </div>
    </header>
  );
}
