/* eslint-disable */
import * as types from './graphql';



/**
 * Map of all GraphQL operations in the project.
 *
 * This map has several performance disadvantages:
 * 1. It is not tree-shakeable, so it will include all operations in the project.
 * 2. It is not minifiable, so the string of a GraphQL query will be multiple times inside the bundle.
 * 3. It does not support dead code elimination, so it will add unused operations.
 *
 * Therefore it is highly recommended to use the babel or swc plugin for production.
 * Learn more about it here: https://the-guild.dev/graphql/codegen/plugins/presets/preset-client#reducing-bundle-size
 */
type Documents = {
    "\n  query AuditLog($slug: String!, $after: Cursor) {\n    organization(slug: $slug) {\n      auditLog(first: 20, after: $after) {\n        edges { node { id action actorName targetType targetID before after createdAt } }\n        pageInfo { hasNextPage endCursor }\n      }\n    }\n  }\n": typeof types.AuditLogDocument,
    "\n  mutation SignUp($input: SignUpInput!) {\n    signUp(input: $input) { token }\n  }\n": typeof types.SignUpDocument,
    "\n  mutation SignIn($input: SignInInput!) {\n    signIn(input: $input) { token }\n  }\n": typeof types.SignInDocument,
    "\n  query MyInvitations {\n    myInvitations(status: PENDING, first: 50) {\n      edges { node { id email role sentAt expiresAt organization { slug name } invitedBy { username } } }\n    }\n  }\n": typeof types.MyInvitationsDocument,
    "\n  mutation AcceptInvitation($key: String!) { acceptInvitation(key: $key) { id role organization { slug } } }\n": typeof types.AcceptInvitationDocument,
    "\n  mutation DeclineInvitation($key: String!) { declineInvitation(key: $key) { id } }\n": typeof types.DeclineInvitationDocument,
    "\n  mutation SignOut { signOut }\n": typeof types.SignOutDocument,
    "\n  mutation ChangeMemberRole($m: ID!, $role: Role!) { changeMemberRole(membershipID: $m, role: $role) { id role } }\n": typeof types.ChangeMemberRoleDocument,
    "\n  mutation RemoveMember($m: ID!, $to: ID) { removeMember(membershipID: $m, reassignTo: $to) { membershipID reassignedTo projects tasks jobs } }\n": typeof types.RemoveMemberDocument,
    "\n  mutation InviteMember($input: InviteMemberInput!) { inviteMember(input: $input) { id } }\n": typeof types.InviteMemberDocument,
    "\n  mutation ResendInvitation($id: ID!) { resendInvitation(id: $id) { id } }\n": typeof types.ResendInvitationDocument,
    "\n  mutation RevokeInvitation($id: ID!) { revokeInvitation(id: $id) { id } }\n": typeof types.RevokeInvitationDocument,
    "\n  mutation CreateOrganization($input: CreateOrganizationInput!) {\n    createOrganization(input: $input) { id slug }\n  }\n": typeof types.CreateOrganizationDocument,
    "\n  query OrganizationSettings($slug: String!) {\n    organization(slug: $slug) {\n      id slug name description viewerRole\n      contact { email phone location }\n      owner { username }\n      viewerCan {\n        edit { allowed reason } remove { allowed reason } seeInvitations { allowed reason }\n        invite { allowed reason } inviteRoles leave { allowed reason } transferOwnership { allowed reason }\n        seeAuditLog { allowed reason }\n      }\n      members(first: 50) {\n        totalCount\n        edges { node {\n          id role joinedAt\n          user { id username email }\n          invitedBy { username }\n          invitation { sentAt }\n          viewerCan { changeRole { allowed reason } roles remove { allowed reason } }\n        } }\n      }\n      invitations(status: PENDING, first: 50) {\n        totalCount\n        edges { node { id email role sentAt expiresAt invitedBy { username } viewerCan { manage { allowed reason } } } }\n      }\n    }\n  }\n": typeof types.OrganizationSettingsDocument,
    "\n  mutation UpdateOrganization($id: ID!, $input: UpdateOrganizationInput!) {\n    updateOrganization(id: $id, input: $input) { id }\n  }\n": typeof types.UpdateOrganizationDocument,
    "\n  mutation LeaveOrganization($id: ID!, $to: ID) { leaveOrganization(organizationID: $id, reassignTo: $to) { membershipID } }\n": typeof types.LeaveOrganizationDocument,
    "\n  subscription OrganizationEvents($id: ID!) { organizationEvents(organizationID: $id) { type targetID } }\n": typeof types.OrganizationEventsDocument,
    "\n  mutation TransferOwnership($org: ID!, $m: ID!) { transferOwnership(organizationID: $org, membershipID: $m) { id } }\n": typeof types.TransferOwnershipDocument,
    "\n  query DeletionPreview($slug: String!) {\n    organization(slug: $slug) { deletionPreview { members invitations projects tasks jobs annotations cloudStorages } }\n  }\n": typeof types.DeletionPreviewDocument,
    "\n  mutation DeleteOrganization($id: ID!, $slug: String!) { deleteOrganization(id: $id, confirmSlug: $slug) }\n": typeof types.DeleteOrganizationDocument,
    "\n  query Session {\n    me { id username email }\n    organizations(first: 100) { edges { node { id slug name viewerRole } } }\n  }\n": typeof types.SessionDocument,
    "\n  query Workspace($org: String, $slug: String!, $inOrg: Boolean!) {\n    organization(slug: $slug) @include(if: $inOrg) {\n      id slug name viewerRole\n      viewerCan { createProject { allowed reason } createTask { allowed reason } createJob { allowed reason } }\n      members(first: 50) { edges { node { user { id username } } } }\n    }\n    projects(organization: $org, first: 50) { totalCount edges { node { id name owner { username } assignee { username } } } }\n    tasks(organization: $org, first: 50) { totalCount edges { node { id name project { name } owner { username } assignee { username } } } }\n    jobs(organization: $org, first: 50) { totalCount edges { node { id stage state task { name } assignee { username } } } }\n  }\n": typeof types.WorkspaceDocument,
    "\n  mutation CreateProject($input: CreateProjectInput!) { createProject(input: $input) { id } }\n": typeof types.CreateProjectDocument,
    "\n  mutation CreateTask($input: CreateTaskInput!) { createTask(input: $input) { id } }\n": typeof types.CreateTaskDocument,
    "\n  mutation CreateJob($input: CreateJobInput!) { createJob(input: $input) { id } }\n": typeof types.CreateJobDocument,
};
const documents: Documents = {
    "\n  query AuditLog($slug: String!, $after: Cursor) {\n    organization(slug: $slug) {\n      auditLog(first: 20, after: $after) {\n        edges { node { id action actorName targetType targetID before after createdAt } }\n        pageInfo { hasNextPage endCursor }\n      }\n    }\n  }\n": types.AuditLogDocument,
    "\n  mutation SignUp($input: SignUpInput!) {\n    signUp(input: $input) { token }\n  }\n": types.SignUpDocument,
    "\n  mutation SignIn($input: SignInInput!) {\n    signIn(input: $input) { token }\n  }\n": types.SignInDocument,
    "\n  query MyInvitations {\n    myInvitations(status: PENDING, first: 50) {\n      edges { node { id email role sentAt expiresAt organization { slug name } invitedBy { username } } }\n    }\n  }\n": types.MyInvitationsDocument,
    "\n  mutation AcceptInvitation($key: String!) { acceptInvitation(key: $key) { id role organization { slug } } }\n": types.AcceptInvitationDocument,
    "\n  mutation DeclineInvitation($key: String!) { declineInvitation(key: $key) { id } }\n": types.DeclineInvitationDocument,
    "\n  mutation SignOut { signOut }\n": types.SignOutDocument,
    "\n  mutation ChangeMemberRole($m: ID!, $role: Role!) { changeMemberRole(membershipID: $m, role: $role) { id role } }\n": types.ChangeMemberRoleDocument,
    "\n  mutation RemoveMember($m: ID!, $to: ID) { removeMember(membershipID: $m, reassignTo: $to) { membershipID reassignedTo projects tasks jobs } }\n": types.RemoveMemberDocument,
    "\n  mutation InviteMember($input: InviteMemberInput!) { inviteMember(input: $input) { id } }\n": types.InviteMemberDocument,
    "\n  mutation ResendInvitation($id: ID!) { resendInvitation(id: $id) { id } }\n": types.ResendInvitationDocument,
    "\n  mutation RevokeInvitation($id: ID!) { revokeInvitation(id: $id) { id } }\n": types.RevokeInvitationDocument,
    "\n  mutation CreateOrganization($input: CreateOrganizationInput!) {\n    createOrganization(input: $input) { id slug }\n  }\n": types.CreateOrganizationDocument,
    "\n  query OrganizationSettings($slug: String!) {\n    organization(slug: $slug) {\n      id slug name description viewerRole\n      contact { email phone location }\n      owner { username }\n      viewerCan {\n        edit { allowed reason } remove { allowed reason } seeInvitations { allowed reason }\n        invite { allowed reason } inviteRoles leave { allowed reason } transferOwnership { allowed reason }\n        seeAuditLog { allowed reason }\n      }\n      members(first: 50) {\n        totalCount\n        edges { node {\n          id role joinedAt\n          user { id username email }\n          invitedBy { username }\n          invitation { sentAt }\n          viewerCan { changeRole { allowed reason } roles remove { allowed reason } }\n        } }\n      }\n      invitations(status: PENDING, first: 50) {\n        totalCount\n        edges { node { id email role sentAt expiresAt invitedBy { username } viewerCan { manage { allowed reason } } } }\n      }\n    }\n  }\n": types.OrganizationSettingsDocument,
    "\n  mutation UpdateOrganization($id: ID!, $input: UpdateOrganizationInput!) {\n    updateOrganization(id: $id, input: $input) { id }\n  }\n": types.UpdateOrganizationDocument,
    "\n  mutation LeaveOrganization($id: ID!, $to: ID) { leaveOrganization(organizationID: $id, reassignTo: $to) { membershipID } }\n": types.LeaveOrganizationDocument,
    "\n  subscription OrganizationEvents($id: ID!) { organizationEvents(organizationID: $id) { type targetID } }\n": types.OrganizationEventsDocument,
    "\n  mutation TransferOwnership($org: ID!, $m: ID!) { transferOwnership(organizationID: $org, membershipID: $m) { id } }\n": types.TransferOwnershipDocument,
    "\n  query DeletionPreview($slug: String!) {\n    organization(slug: $slug) { deletionPreview { members invitations projects tasks jobs annotations cloudStorages } }\n  }\n": types.DeletionPreviewDocument,
    "\n  mutation DeleteOrganization($id: ID!, $slug: String!) { deleteOrganization(id: $id, confirmSlug: $slug) }\n": types.DeleteOrganizationDocument,
    "\n  query Session {\n    me { id username email }\n    organizations(first: 100) { edges { node { id slug name viewerRole } } }\n  }\n": types.SessionDocument,
    "\n  query Workspace($org: String, $slug: String!, $inOrg: Boolean!) {\n    organization(slug: $slug) @include(if: $inOrg) {\n      id slug name viewerRole\n      viewerCan { createProject { allowed reason } createTask { allowed reason } createJob { allowed reason } }\n      members(first: 50) { edges { node { user { id username } } } }\n    }\n    projects(organization: $org, first: 50) { totalCount edges { node { id name owner { username } assignee { username } } } }\n    tasks(organization: $org, first: 50) { totalCount edges { node { id name project { name } owner { username } assignee { username } } } }\n    jobs(organization: $org, first: 50) { totalCount edges { node { id stage state task { name } assignee { username } } } }\n  }\n": types.WorkspaceDocument,
    "\n  mutation CreateProject($input: CreateProjectInput!) { createProject(input: $input) { id } }\n": types.CreateProjectDocument,
    "\n  mutation CreateTask($input: CreateTaskInput!) { createTask(input: $input) { id } }\n": types.CreateTaskDocument,
    "\n  mutation CreateJob($input: CreateJobInput!) { createJob(input: $input) { id } }\n": types.CreateJobDocument,
};

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query AuditLog($slug: String!, $after: Cursor) {\n    organization(slug: $slug) {\n      auditLog(first: 20, after: $after) {\n        edges { node { id action actorName targetType targetID before after createdAt } }\n        pageInfo { hasNextPage endCursor }\n      }\n    }\n  }\n"): typeof import('./graphql').AuditLogDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SignUp($input: SignUpInput!) {\n    signUp(input: $input) { token }\n  }\n"): typeof import('./graphql').SignUpDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SignIn($input: SignInInput!) {\n    signIn(input: $input) { token }\n  }\n"): typeof import('./graphql').SignInDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query MyInvitations {\n    myInvitations(status: PENDING, first: 50) {\n      edges { node { id email role sentAt expiresAt organization { slug name } invitedBy { username } } }\n    }\n  }\n"): typeof import('./graphql').MyInvitationsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation AcceptInvitation($key: String!) { acceptInvitation(key: $key) { id role organization { slug } } }\n"): typeof import('./graphql').AcceptInvitationDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation DeclineInvitation($key: String!) { declineInvitation(key: $key) { id } }\n"): typeof import('./graphql').DeclineInvitationDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SignOut { signOut }\n"): typeof import('./graphql').SignOutDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ChangeMemberRole($m: ID!, $role: Role!) { changeMemberRole(membershipID: $m, role: $role) { id role } }\n"): typeof import('./graphql').ChangeMemberRoleDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RemoveMember($m: ID!, $to: ID) { removeMember(membershipID: $m, reassignTo: $to) { membershipID reassignedTo projects tasks jobs } }\n"): typeof import('./graphql').RemoveMemberDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation InviteMember($input: InviteMemberInput!) { inviteMember(input: $input) { id } }\n"): typeof import('./graphql').InviteMemberDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ResendInvitation($id: ID!) { resendInvitation(id: $id) { id } }\n"): typeof import('./graphql').ResendInvitationDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RevokeInvitation($id: ID!) { revokeInvitation(id: $id) { id } }\n"): typeof import('./graphql').RevokeInvitationDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CreateOrganization($input: CreateOrganizationInput!) {\n    createOrganization(input: $input) { id slug }\n  }\n"): typeof import('./graphql').CreateOrganizationDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query OrganizationSettings($slug: String!) {\n    organization(slug: $slug) {\n      id slug name description viewerRole\n      contact { email phone location }\n      owner { username }\n      viewerCan {\n        edit { allowed reason } remove { allowed reason } seeInvitations { allowed reason }\n        invite { allowed reason } inviteRoles leave { allowed reason } transferOwnership { allowed reason }\n        seeAuditLog { allowed reason }\n      }\n      members(first: 50) {\n        totalCount\n        edges { node {\n          id role joinedAt\n          user { id username email }\n          invitedBy { username }\n          invitation { sentAt }\n          viewerCan { changeRole { allowed reason } roles remove { allowed reason } }\n        } }\n      }\n      invitations(status: PENDING, first: 50) {\n        totalCount\n        edges { node { id email role sentAt expiresAt invitedBy { username } viewerCan { manage { allowed reason } } } }\n      }\n    }\n  }\n"): typeof import('./graphql').OrganizationSettingsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation UpdateOrganization($id: ID!, $input: UpdateOrganizationInput!) {\n    updateOrganization(id: $id, input: $input) { id }\n  }\n"): typeof import('./graphql').UpdateOrganizationDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation LeaveOrganization($id: ID!, $to: ID) { leaveOrganization(organizationID: $id, reassignTo: $to) { membershipID } }\n"): typeof import('./graphql').LeaveOrganizationDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription OrganizationEvents($id: ID!) { organizationEvents(organizationID: $id) { type targetID } }\n"): typeof import('./graphql').OrganizationEventsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation TransferOwnership($org: ID!, $m: ID!) { transferOwnership(organizationID: $org, membershipID: $m) { id } }\n"): typeof import('./graphql').TransferOwnershipDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query DeletionPreview($slug: String!) {\n    organization(slug: $slug) { deletionPreview { members invitations projects tasks jobs annotations cloudStorages } }\n  }\n"): typeof import('./graphql').DeletionPreviewDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation DeleteOrganization($id: ID!, $slug: String!) { deleteOrganization(id: $id, confirmSlug: $slug) }\n"): typeof import('./graphql').DeleteOrganizationDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Session {\n    me { id username email }\n    organizations(first: 100) { edges { node { id slug name viewerRole } } }\n  }\n"): typeof import('./graphql').SessionDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Workspace($org: String, $slug: String!, $inOrg: Boolean!) {\n    organization(slug: $slug) @include(if: $inOrg) {\n      id slug name viewerRole\n      viewerCan { createProject { allowed reason } createTask { allowed reason } createJob { allowed reason } }\n      members(first: 50) { edges { node { user { id username } } } }\n    }\n    projects(organization: $org, first: 50) { totalCount edges { node { id name owner { username } assignee { username } } } }\n    tasks(organization: $org, first: 50) { totalCount edges { node { id name project { name } owner { username } assignee { username } } } }\n    jobs(organization: $org, first: 50) { totalCount edges { node { id stage state task { name } assignee { username } } } }\n  }\n"): typeof import('./graphql').WorkspaceDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CreateProject($input: CreateProjectInput!) { createProject(input: $input) { id } }\n"): typeof import('./graphql').CreateProjectDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CreateTask($input: CreateTaskInput!) { createTask(input: $input) { id } }\n"): typeof import('./graphql').CreateTaskDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CreateJob($input: CreateJobInput!) { createJob(input: $input) { id } }\n"): typeof import('./graphql').CreateJobDocument;


export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}
