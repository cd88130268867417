import { render } from "preact";
import { useEffect, useState } from "preact/hooks";
import { gql, getToken, setToken, whenSignedOut } from "./api";
import { SignIn, SignUp } from "./auth";
import { graphql } from "./gql";
import { AcceptInvitation, MyInvitations } from "./invitations";
import { Header } from "./menu";
import { CreateOrganization } from "./orgcreate";
import { OrganizationSettings } from "./orgsettings";
import { navigate, Redirect, useRoute } from "./router";
import { loadSession, orgsOf, type Session } from "./session";
import { ErrorText, Link, Loading } from "./ui";
import { Workspace } from "./work";
import "./style.css";

const SignOutDoc = graphql(`
  mutation SignOut { signOut }
`);

// Routes that need no account (the rest send a signed-out visitor to /signin).
const publicRoutes = new Set(["/signin", "/signup", "/invitations/accept"]);

function App() {
  const route = useRoute();
  const [session, setSession] = useState<Session | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [signedIn, setSignedIn] = useState(getToken() !== null);
  const refresh = () => {
    if (!getToken()) return;
    loadSession().then(setSession, setError);
  };
  useEffect(() => {
    whenSignedOut(() => {
      setSignedIn(false);
      setSession(null);
    });
    refresh();
  }, []);
  const onSignedIn = () => {
    setSignedIn(true);
    refresh();
  };
  const signOut = async () => {
    try {
      await gql(SignOutDoc);
    } catch {
      // the token is dropped either way
    }
    setToken(null);
    setSignedIn(false);
    setSession(null);
    navigate("/signin");
  };
  const { path, query } = route;
  useEffect(() => {
    document.title = "Orgraph";
  }, [path]);

  if (path === "/invitations/accept") {
    return (
      <>
        {session ? <Header session={session} orgs={orgsOf(session)} current={null} onSignOut={signOut} /> : null}
        <AcceptInvitation signedIn={signedIn} me={session?.me ?? null} onChanged={refresh} onSignedIn={onSignedIn} />
      </>
    );
  }
  if (!signedIn) {
    const next = query.get("next");
    if (path === "/signup") return <SignUp next={next} email={query.get("email") ?? undefined} onSignedIn={onSignedIn} />;
    if (!publicRoutes.has(path)) {
      return <Redirect to={path === "/" ? "/signin" : `/signin?next=${encodeURIComponent(path + location.search)}`} />;
    }
    return <SignIn next={next} onSignedIn={onSignedIn} />;
  }
  if (path === "/signin" || path === "/signup" || path === "/") {
    return <Redirect to={query.get("next") ?? "/work"} />;
  }
  if (error) return <ErrorText error={error} />;
  if (!session) return <Loading what="your account" />;

  const orgMatch = /^\/orgs\/([^/]+)\/(work|settings)$/.exec(path);
  const current = orgMatch ? decodeURIComponent(orgMatch[1]) : null;
  let page;
  if (path === "/work") page = <Workspace key="personal" slug={null} me={session.me} />;
  else if (orgMatch?.[2] === "work") page = <Workspace key={current} slug={current} me={session.me} />;
  else if (orgMatch?.[2] === "settings") page = <OrganizationSettings key={current} slug={current!} me={session.me} onChanged={refresh} />;
  else if (path === "/orgs/new") page = <CreateOrganization onCreated={refresh} />;
  else if (path === "/invitations") page = <MyInvitations onChanged={refresh} />;
  else
    page = (
      <main>
        <h1>Page not found</h1>
        <p>
          <Link href="/work">Go to your personal workspace</Link>
        </p>
      </main>
    );
  return (
    <>
      <a class="skip" href="#main">
        Skip to content
      </a>
      <Header session={session} orgs={orgsOf(session)} current={current} onSignOut={signOut} />
      <div id="main" tabIndex={-1}>
        {page}
      </div>
    </>
  );
}

render(<App />, document.getElementById("app")!);
