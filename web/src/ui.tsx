// Shared pieces: labelled fields, errors in words, loading and empty states,
// links that use the router, and a modal dialog (the native <dialog>,
// which keeps the keyboard focus inside while open).
import type { ComponentChildren, JSX } from "preact";
import { useEffect, useRef, useState, useCallback } from "preact/hooks";
import { ApiError } from "./api";
import { navigate } from "./router";

export function Link(props: { href: string; children: ComponentChildren; class?: string }) {
  return (
    <a
      href={props.href}
      class={props.class}
      onClick={(e) => {
        if (e.ctrlKey || e.metaKey || e.shiftKey || e.button !== 0) return;
        e.preventDefault();
        navigate(props.href);
      }}
    >
      {props.children}
    </a>
  );
}

let nextId = 0;
export function useId(prefix: string): string {
  const ref = useRef<string>();
  if (!ref.current) ref.current = `${prefix}-${++nextId}`;
  return ref.current;
}

type FieldProps = {
  label: string;
  value: string;
  onInput: (v: string) => void;
  error?: string;
  type?: string;
  required?: boolean;
  autocomplete?: string;
  hint?: string;
  multiline?: boolean;
  disabled?: boolean;
  name?: string;
};

export function Field(p: FieldProps) {
  const id = useId("f");
  const described = [p.hint ? `${id}-hint` : "", p.error ? `${id}-err` : ""].filter(Boolean).join(" ") || undefined;
  const common = {
    id,
    name: p.name,
    value: p.value,
    required: p.required,
    disabled: p.disabled,
    "aria-invalid": p.error ? true : undefined,
    "aria-describedby": described,
    onInput: (e: JSX.TargetedEvent<HTMLInputElement | HTMLTextAreaElement>) => p.onInput(e.currentTarget.value),
  };
  return (
    <div class="field">
      <label for={id}>
        {p.label}
        {p.required ? <span aria-hidden="true"> *</span> : null}
      </label>
      {p.multiline ? <textarea rows={3} {...common} /> : <input type={p.type ?? "text"} autocomplete={p.autocomplete} {...common} />}
      {p.hint ? <p class="hint" id={`${id}-hint`}>{p.hint}</p> : null}
      {p.error ? <p class="error" id={`${id}-err`}>{p.error}</p> : null}
    </div>
  );
}

export function ErrorText(props: { error: unknown }) {
  if (!props.error) return null;
  const msg = props.error instanceof Error ? props.error.message : String(props.error);
  return (
    <p class="error" role="alert">
      {msg}
    </p>
  );
}

export function Loading(props: { what: string }) {
  return (
    <p class="muted" role="status">
      Loading {props.what}…
    </p>
  );
}

export function Empty(props: { children: ComponentChildren }) {
  return <p class="empty">{props.children}</p>;
}

// Disabled shows a control the viewer may not use, with the API's reason.
export function Reason(props: { reason?: string | null }) {
  return props.reason ? <p class="reason">{props.reason}</p> : null;
}

// useQuery runs load now and whenever deps change; reload() runs it again.
export function useQuery<T>(load: () => Promise<T>, deps: unknown[]) {
  const [data, setData] = useState<T | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [tick, setTick] = useState(0);
  useEffect(() => {
    let live = true;
    setError(null);
    load().then(
      (d) => live && setData(d),
      (e) => live && setError(e),
    );
    return () => {
      live = false;
    };
  }, [...deps, tick]);
  const reload = useCallback(() => setTick((t) => t + 1), []);
  return { data, error, reload };
}

// useAction wraps a mutation: busy while it runs, its error kept (with the
// errors of input fields by field name) until the next run.
export function useAction() {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | Error | null>(null);
  const run = async (f: () => Promise<unknown>): Promise<boolean> => {
    setBusy(true);
    setError(null);
    try {
      await f();
      return true;
    } catch (e) {
      setError(e as Error);
      return false;
    } finally {
      setBusy(false);
    }
  };
  const fields = error instanceof ApiError ? error.fieldErrors() : {};
  return { busy, error, fields, run, setError };
}

export function Dialog(props: { title: string; open: boolean; onClose: () => void; children: ComponentChildren }) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId("dlg");
  useEffect(() => {
    const d = ref.current;
    if (!d) return;
    if (props.open && !d.open) d.showModal();
    if (!props.open && d.open) d.close();
  }, [props.open]);
  return (
    <dialog ref={ref} aria-labelledby={titleId} onClose={props.onClose} onCancel={props.onClose}>
      <h2 id={titleId}>{props.title}</h2>
      {props.open ? props.children : null}
    </dialog>
  );
}

export function formatTime(t: string | null | undefined): string {
  if (!t) return "—";
  return new Date(t).toLocaleString("en-GB", { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" }) + " UTC";
}

export const roleNames: Record<string, string> = {
  OWNER: "Owner",
  MAINTAINER: "Maintainer",
  SUPERVISOR: "Supervisor",
  WORKER: "Worker",
};
