// The invitation link (/invitations/accept?key=...) and My invitations.
//
// The key is the proof that the invitee reads that mailbox (sign-up does
// not verify emails), so accepting and declining need it: the API has no
// "accept by ID". The page takes the key out of the address bar at once
// (history.replaceState: it does not stay in the history, and no request
// carries it in a URL or a Referer) and keeps it in sessionStorage while
// the invitee signs in or up.
import { useEffect, useState } from "preact/hooks";
import { gql } from "./api";
import { graphql } from "./gql";
import { navigate, workspacePath } from "./router";
import { Empty, ErrorText, formatTime, Link, Loading, roleNames, useAction, useQuery } from "./ui";

const KEY = "orgraph.invitationKey";

const MyInvitationsDoc = graphql(`
  query MyInvitations {
    myInvitations(status: PENDING, first: 50) {
      edges { node { id email role sentAt expiresAt organization { slug name } invitedBy { username } } }
    }
  }
`);
const AcceptDoc = graphql(`
  mutation AcceptInvitation($key: String!) { acceptInvitation(key: $key) { id role organization { slug } } }
`);
const DeclineDoc = graphql(`
  mutation DeclineInvitation($key: String!) { declineInvitation(key: $key) { id } }
`);

function takeKey(): string | null {
  const params = new URLSearchParams(location.search);
  const k = params.get("key");
  if (k) {
    sessionStorage.setItem(KEY, k);
    history.replaceState(null, "", "/invitations/accept");
  }
  return sessionStorage.getItem(KEY);
}

type Me = { email?: string | null; username: string };

export function AcceptInvitation(props: { signedIn: boolean; me: Me | null; onChanged: () => void; onSignedIn: () => void }) {
  const [key] = useState(takeKey);
  if (!key) {
    return (
      <main class="narrow">
        <h1>Accept an invitation</h1>
        <p>This link has no invitation key. Use the link from your invitation email.</p>
      </main>
    );
  }
  if (!props.signedIn) {
    const next = encodeURIComponent("/invitations/accept");
    return (
      <main class="narrow">
        <h1>You are invited to an organization</h1>
        <p>Sign in, or create an account, with the email address the invitation was sent to. You can then see who invites you and accept or decline.</p>
        <div class="row">
          <Link href={`/signup?next=${next}`} class="button primary">Create an account</Link>
          <Link href={`/signin?next=${next}`} class="button">Sign in</Link>
        </div>
      </main>
    );
  }
  return <AcceptSignedIn key_={key} me={props.me} onChanged={props.onChanged} />;
}

function AcceptSignedIn(props: { key_: string; me: Me | null; onChanged: () => void }) {
  const q = useQuery(() => gql(MyInvitationsDoc), []);
  const a = useAction();
  const [declined, setDeclined] = useState(false);
  const pending = (q.data?.myInvitations.edges ?? []).flatMap((e) => (e?.node ? [e.node] : []));
  const accept = () =>
    a.run(async () => {
      const r = await gql(AcceptDoc, { key: props.key_ });
      sessionStorage.removeItem(KEY);
      props.onChanged();
      navigate(workspacePath(r.acceptInvitation.organization.slug));
    });
  const decline = () =>
    a.run(async () => {
      await gql(DeclineDoc, { key: props.key_ });
      sessionStorage.removeItem(KEY);
      setDeclined(true);
    });
  if (declined) return <main class="narrow"><h1>Invitation declined</h1><p><Link href="/work">Go to your workspace</Link></p></main>;
  return (
    <main class="narrow">
      <h1>Your invitation</h1>
      {q.error ? <ErrorText error={q.error} /> : !q.data ? <Loading what="your invitations" /> : pending.length === 0 ? (
        <p>
          No pending invitation is addressed to {props.me?.email ?? "your email"}. If the invitation went to another address, sign out and sign in
          with that one.
        </p>
      ) : (
        <ul class="cards" aria-label="Invitations to you">
          {pending.map((i) => (
            <li class="card">
              <strong>{i.organization?.name ?? "An organization"}</strong> ({i.organization?.slug}) invites you as <strong>{roleNames[i.role]}</strong>
              <p class="muted">Sent by {i.invitedBy?.username ?? "—"} on {formatTime(i.sentAt)}; expires {formatTime(i.expiresAt)}.</p>
            </li>
          ))}
        </ul>
      )}
      <ErrorText error={a.error} />
      <div class="row">
        <button type="button" class="primary" disabled={a.busy} onClick={accept}>Accept invitation</button>
        <button type="button" disabled={a.busy} onClick={decline}>Decline</button>
      </div>
    </main>
  );
}

export function MyInvitations(props: { onChanged: () => void }) {
  const q = useQuery(() => gql(MyInvitationsDoc), []);
  const [held, setHeld] = useState<string | null>(null);
  useEffect(() => setHeld(sessionStorage.getItem(KEY)), []);
  const pending = (q.data?.myInvitations.edges ?? []).flatMap((e) => (e?.node ? [e.node] : []));
  void props;
  return (
    <main>
      <h1>My invitations</h1>
      <p class="hint">Accept or decline an invitation from the link in its email: the link carries the key that proves the mailbox is yours.</p>
      {held ? <p><Link href="/invitations/accept" class="button primary">Answer the invitation of your link</Link></p> : null}
      {q.error ? <ErrorText error={q.error} /> : !q.data ? <Loading what="your invitations" /> : pending.length === 0 ? (
        <Empty>No pending invitations.</Empty>
      ) : (
        <ul class="cards" aria-label="Pending invitations to you">
          {pending.map((i) => (
            <li class="card">
              <strong>{i.organization?.slug}</strong> ({i.organization?.name}) as {roleNames[i.role]}
              <p class="muted">Sent to {i.email} by {i.invitedBy?.username ?? "—"} on {formatTime(i.sentAt)}; expires {formatTime(i.expiresAt)}.</p>
            </li>
          ))}
        </ul>
      )}
    </main>
  );
}
