// Who is signed in, and the organizations they belong to.
import { gql } from "./api";
import { graphql } from "./gql";
import type { SessionQuery } from "./gql/graphql";

export const SessionDoc = graphql(`
  query Session {
    me { id username email }
    organizations(first: 100) { edges { node { id slug name viewerRole } } }
  }
`);

export type Session = SessionQuery;
export type OrgSummary = NonNullable<NonNullable<NonNullable<SessionQuery["organizations"]["edges"]>[number]>["node"]>;

export async function loadSession(): Promise<Session> {
  return gql(SessionDoc);
}

export function orgsOf(s: Session | null): OrgSummary[] {
  return (s?.organizations.edges ?? []).flatMap((e) => (e?.node ? [e.node] : []));
}
