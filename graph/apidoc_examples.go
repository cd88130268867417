package graph

// apiExamples is docs/API.md's section of examples: one request for each of
// the features beyond plain CRUD (the audit log, live events, offboarding
// handover, bulk invitations, moving work). The README walks through the same
// with its context; here they sit next to the reference.
const apiExamples = "\n## Examples\n\n" +
	"Placeholders in angle brackets are IDs from earlier answers.\n\n" +
	"**The audit log** (staff and admins): who made whom a supervisor.\n\n" +
	"```graphql\n" +
	`query {
  organization(slug: "acme") {
    auditLog(first: 20, where: {action: ROLE_CHANGED}) {
      edges { node { action actorName targetType targetID before after requestID createdAt } }
      pageInfo { hasNextPage endCursor }
    }
  }
}
` + "```\n\n" +
	"**Live events** over WebSocket at `/query` (graphql-transport-ws; the token in " +
	"`connection_init`'s payload as `{\"Authorization\": \"Bearer <token>\"}`):\n\n" +
	"```graphql\n" +
	`subscription($o: ID!) {
  organizationEvents(organizationID: $o) { type actorID userID role previousRole at }
}
` + "```\n\n" +
	"**Handing over a departing member's work** to another member (`reassignTo`; without it the " +
	"assignments are cleared). `leaveOrganization` takes it too.\n\n" +
	"```graphql\n" +
	`mutation {
  removeMember(membershipID: "<Bob's membership id>", reassignTo: "<Carol's membership id>") {
    membershipID reassignedTo projects tasks jobs
  }
}
` + "```\n\n" +
	"**Inviting a team at once**, safe to retry with the same key:\n\n" +
	"```graphql\n" +
	`mutation {
  inviteMembers(organizationID: "<organization id>", idempotencyKey: "team-2026-12", invitations: [
    {email: "dan@example.com", role: WORKER},
    {email: "erin@example.com", role: SUPERVISOR}
  ]) {
    email
    invitation { id status }
    error { code message field }
  }
}
` + "```\n\n" +
	"**Moving a project** from the personal workspace into an organization (`toOrganizationID: null` " +
	"moves it back):\n\n" +
	"```graphql\n" +
	`mutation {
  moveProject(id: "<project id>", toOrganizationID: "<organization id>") { id organization { slug } }
}
` + "```\n"
