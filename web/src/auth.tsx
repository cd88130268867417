// Sign up, sign in (sign out is in the user menu).
import { useState } from "preact/hooks";
import { gql, setToken } from "./api";
import { graphql } from "./gql";
import { navigate } from "./router";
import { ErrorText, Field, Link, useAction } from "./ui";

const SignUpDoc = graphql(`
  mutation SignUp($input: SignUpInput!) {
    signUp(input: $input) { token }
  }
`);

const SignInDoc = graphql(`
  mutation SignIn($input: SignInInput!) {
    signIn(input: $input) { token }
  }
`);

// next is where to go once signed in: only a path of this app.
function nextPath(next: string | null): string {
  return next && next.startsWith("/") && !next.startsWith("//") ? next : "/work";
}

function withNext(path: string, next: string | null): string {
  return next ? `${path}?next=${encodeURIComponent(next)}` : path;
}

export function SignUp(props: { next: string | null; email?: string; onSignedIn: () => void }) {
  const [username, setUsername] = useState("");
  const [email, setEmail] = useState(props.email ?? "");
  const [password, setPassword] = useState("");
  const a = useAction();
  const submit = (e: Event) => {
    e.preventDefault();
    a.run(async () => {
      const r = await gql(SignUpDoc, { input: { username, email, password } });
      setToken(r.signUp.token);
      props.onSignedIn();
      navigate(nextPath(props.next), true);
    });
  };
  return (
    <main class="narrow">
      <h1>Create your account</h1>
      <form onSubmit={submit} noValidate>
        <Field label="Username" value={username} onInput={setUsername} required autocomplete="username" error={a.fields.username} hint="Letters, digits and . @ + - _" />
        <Field label="Email" type="email" value={email} onInput={setEmail} required autocomplete="email" error={a.fields.email} />
        <Field label="Password" type="password" value={password} onInput={setPassword} required autocomplete="new-password" error={a.fields.password} hint="8 to 128 characters" />
        {a.error && !a.fields.username && !a.fields.email && !a.fields.password ? <ErrorText error={a.error} /> : null}
        <button type="submit" class="primary" disabled={a.busy}>
          {a.busy ? "Creating…" : "Sign up"}
        </button>
      </form>
      <p>
        Already have an account? <Link href={withNext("/signin", props.next)}>Sign in</Link>
      </p>
    </main>
  );
}

export function SignIn(props: { next: string | null; onSignedIn: () => void }) {
  const [login, setLogin] = useState("");
  const [password, setPassword] = useState("");
  const a = useAction();
  const submit = (e: Event) => {
    e.preventDefault();
    a.run(async () => {
      const r = await gql(SignInDoc, { input: { login, password } });
      setToken(r.signIn.token);
      props.onSignedIn();
      navigate(nextPath(props.next), true);
    });
  };
  return (
    <main class="narrow">
      <h1>Sign in to Orgraph</h1>
      <form onSubmit={submit} noValidate>
        <Field label="Username or email" value={login} onInput={setLogin} required autocomplete="username" error={a.fields.login} />
        <Field label="Password" type="password" value={password} onInput={setPassword} required autocomplete="current-password" error={a.fields.password} />
        {a.error && !a.fields.login && !a.fields.password ? <ErrorText error={a.error} /> : null}
        <button type="submit" class="primary" disabled={a.busy}>
          {a.busy ? "Signing in…" : "Sign in"}
        </button>
      </form>
      <p>
        New here? <Link href={withNext("/signup", props.next)}>Create an account</Link>
      </p>
    </main>
  );
}
