/* eslint-disable */
/** Internal type. DO NOT USE DIRECTLY. */
type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
/** Internal type. DO NOT USE DIRECTLY. */
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
import type { DocumentTypeDecoration } from '@graphql-typed-document-node/core';
/** What an audit entry records, and the type of a live event: a change to an organization's membership, invitations, roles, ownership, settings, or its removal. */
export type AuditAction =
  /** The invitee accepted (MEMBER_JOINED follows). */
  | 'INVITATION_ACCEPTED'
  /** The invitee declined. */
  | 'INVITATION_DECLINED'
  /** Staff sent an invitation's email again, with a new key and expiry. */
  | 'INVITATION_RESENT'
  /** Staff revoked a pending invitation. */
  | 'INVITATION_REVOKED'
  /** Staff invited an email address with a role. */
  | 'INVITATION_SENT'
  /** Someone became a member by accepting an invitation. */
  | 'MEMBER_JOINED'
  /** A member left. */
  | 'MEMBER_LEFT'
  /** Staff removed a member. */
  | 'MEMBER_REMOVED'
  /** The organization was created (the actor is its first owner). */
  | 'ORGANIZATION_CREATED'
  /** It was removed with everything in it; kept in the system log only. */
  | 'ORGANIZATION_REMOVED'
  /** Its settings changed; before and after hold the changed fields only. */
  | 'ORGANIZATION_UPDATED'
  /** Another member became the owner; the former owner became a maintainer. */
  | 'OWNERSHIP_TRANSFERRED'
  /** A member's role changed. */
  | 'ROLE_CHANGED';

/** The fields of a new Job. */
export type CreateJobInput = {
  /** The ID of the assignee. The member assigned to it, or null. In a personal workspace only the owner may be assigned. */
  assigneeID?: string | null | undefined;
  /** The ID of the task. The job's task; null when the viewer may not see it (someone who is only assigned to the job, RULES.md §5). */
  taskID: string;
};

/** The fields of a new organization. */
export type CreateOrganizationInput = {
  /** How to reach the organization. */
  contact?: OrganizationContactInput | null | undefined;
  /** Up to 10,000 characters. */
  description?: string | null | undefined;
  /** Up to 64 characters on one line; defaults to the slug (also when empty). */
  name?: string | null | undefined;
  /** 1-16 ASCII letters, digits, - or _; unique ignoring case. */
  slug: string;
};

/** The fields of a new Project. */
export type CreateProjectInput = {
  /** The ID of the assignee. The member assigned to it, or null. In a personal workspace only the owner may be assigned. */
  assigneeID?: string | null | undefined;
  /** The project's name: 1 to 256 characters. */
  name: string;
  /** The ID of the organization. The organization it belongs to; null in a personal workspace. */
  organizationID?: string | null | undefined;
};

/** The fields of a new Task. */
export type CreateTaskInput = {
  /** The ID of the assignee. The member assigned to it, or null. In a personal workspace only the owner may be assigned. */
  assigneeID?: string | null | undefined;
  /** The task's name: 1 to 256 characters. */
  name: string;
  /** The ID of the organization. The organization it belongs to; null in a personal workspace. */
  organizationID?: string | null | undefined;
  /** The ID of the project. The project the task is in; null for a task on its own, or when the viewer may not see the project. */
  projectID?: string | null | undefined;
};

/** Whom to invite, where, and as what. */
export type InviteMemberInput = {
  /** The address the key is sent to; it need not belong to an account yet. */
  email: string;
  /** The organization's ID. */
  organizationID: string;
  /** WORKER, SUPERVISOR or MAINTAINER (the last by the owner only). */
  role: Role;
};

/** The stage of review a job is at. */
export type JobStage =
  /** The result is being accepted. */
  | 'ACCEPTANCE'
  /** The shapes are being drawn. */
  | 'ANNOTATION'
  /** The shapes are being checked. */
  | 'VALIDATION';

/** How far the work of a job's current stage is. */
export type JobState =
  /** Done. */
  | 'COMPLETED'
  /** Being worked on. */
  | 'IN_PROGRESS'
  /** Not started. */
  | 'NEW'
  /** Sent back to be done again. */
  | 'REJECTED';

/** How to reach an organization. A field left out is unchanged; an empty string clears it. */
export type OrganizationContactInput = {
  /** A valid email address, or empty. */
  email?: string | null | undefined;
  /** Up to 256 characters on one line, or empty. */
  location?: string | null | undefined;
  /** +, digits, spaces and dashes, or empty. */
  phone?: string | null | undefined;
};

/** A role in an organization, highest first: OWNER, MAINTAINER, SUPERVISOR, WORKER (RULES.md §3). Owner and maintainers are the staff. */
export type Role =
  /** Staff: edits the organization, sees pending invitations, invites workers and supervisors, changes their roles and removes them; sees and manages all the organization's work. */
  | 'MAINTAINER'
  /** The one owner: all a maintainer may, and invites maintainers, changes or removes them, transfers ownership and removes the organization. */
  | 'OWNER'
  /** Creates projects and tasks, creates jobs in tasks they own or are assigned to, and sees every cloud storage; sees the work they own or are assigned to. */
  | 'SUPERVISOR'
  /** Sees the work they own or are assigned to, annotates the jobs they see, and creates tasks in projects they own or are assigned to. */
  | 'WORKER';

/** Credentials. */
export type SignInInput = {
  /** Username or email. */
  login: string;
  /** The account's password. */
  password: string;
};

/** A new account. */
export type SignUpInput = {
  /** A valid address of at most 254 characters; unique ignoring case. */
  email: string;
  /** Up to 150 characters on one line. */
  firstName?: string | null | undefined;
  /** Up to 150 characters on one line. */
  lastName?: string | null | undefined;
  /** 8-128 characters. */
  password: string;
  /** 1-150 letters, digits and . @ + - _; unique ignoring case. */
  username: string;
};

/**
 * Fields left out are unchanged. A contact field set to an empty string is
 * cleared; an empty name is refused (leave it out to keep the name).
 */
export type UpdateOrganizationInput = {
  /** Changes to the contact. */
  contact?: OrganizationContactInput | null | undefined;
  /** A new description: up to 10,000 characters. */
  description?: string | null | undefined;
  /** A new name: up to 64 characters on one line, not empty. */
  name?: string | null | undefined;
  /** A new slug: 1-16 ASCII letters, digits, - or _; unique ignoring case. */
  slug?: string | null | undefined;
};

export type AuditLogQueryVariables = Exact<{
  slug: string;
  after?: string | null | undefined;
}>;


export type AuditLogQuery = { organization: { auditLog: { edges: Array<{ node: { id: string, action: AuditAction, actorName: string, targetType: string, targetID: string, before: unknown, after: unknown, createdAt: string } }>, pageInfo: { hasNextPage: boolean, endCursor: string | null } } } | null };

export type SignUpMutationVariables = Exact<{
  input: SignUpInput;
}>;


export type SignUpMutation = { signUp: { token: string } };

export type SignInMutationVariables = Exact<{
  input: SignInInput;
}>;


export type SignInMutation = { signIn: { token: string } };

export type MyInvitationsQueryVariables = Exact<{ [key: string]: never; }>;


export type MyInvitationsQuery = { myInvitations: { edges: Array<{ node: { id: string, email: string, role: Role, sentAt: string, expiresAt: string, organization: { slug: string, name: string } | null, invitedBy: { username: string } | null } }> } };

export type AcceptInvitationMutationVariables = Exact<{
  key: string;
}>;


export type AcceptInvitationMutation = { acceptInvitation: { id: string, role: Role, organization: { slug: string } } };

export type DeclineInvitationMutationVariables = Exact<{
  key: string;
}>;


export type DeclineInvitationMutation = { declineInvitation: { id: string } };

export type SignOutMutationVariables = Exact<{ [key: string]: never; }>;


export type SignOutMutation = { signOut: boolean };

export type ChangeMemberRoleMutationVariables = Exact<{
  m: string;
  role: Role;
}>;


export type ChangeMemberRoleMutation = { changeMemberRole: { id: string, role: Role } };

export type RemoveMemberMutationVariables = Exact<{
  m: string;
  to?: string | null | undefined;
}>;


export type RemoveMemberMutation = { removeMember: { membershipID: string, reassignedTo: string | null, projects: Array<string>, tasks: Array<string>, jobs: Array<string> } };

export type InviteMemberMutationVariables = Exact<{
  input: InviteMemberInput;
}>;


export type InviteMemberMutation = { inviteMember: { id: string } };

export type ResendInvitationMutationVariables = Exact<{
  id: string;
}>;


export type ResendInvitationMutation = { resendInvitation: { id: string } };

export type RevokeInvitationMutationVariables = Exact<{
  id: string;
}>;


export type RevokeInvitationMutation = { revokeInvitation: { id: string } };

export type CreateOrganizationMutationVariables = Exact<{
  input: CreateOrganizationInput;
}>;


export type CreateOrganizationMutation = { createOrganization: { id: string, slug: string } };

export type OrganizationSettingsQueryVariables = Exact<{
  slug: string;
}>;


export type OrganizationSettingsQuery = { organization: { id: string, slug: string, name: string, description: string | null, viewerRole: Role | null, contact: { email: string | null, phone: string | null, location: string | null } | null, owner: { username: string } | null, viewerCan: { inviteRoles: Array<Role>, edit: { allowed: boolean, reason: string | null }, remove: { allowed: boolean, reason: string | null }, seeInvitations: { allowed: boolean, reason: string | null }, invite: { allowed: boolean, reason: string | null }, leave: { allowed: boolean, reason: string | null }, transferOwnership: { allowed: boolean, reason: string | null }, seeAuditLog: { allowed: boolean, reason: string | null } } | null, members: { totalCount: number, edges: Array<{ node: { id: string, role: Role, joinedAt: string, user: { id: string, username: string, email: string | null }, invitedBy: { username: string } | null, invitation: { sentAt: string } | null, viewerCan: { roles: Array<Role>, changeRole: { allowed: boolean, reason: string | null }, remove: { allowed: boolean, reason: string | null } } } }> }, invitations: { totalCount: number, edges: Array<{ node: { id: string, email: string, role: Role, sentAt: string, expiresAt: string, invitedBy: { username: string } | null, viewerCan: { manage: { allowed: boolean, reason: string | null } } } }> } } | null };

export type UpdateOrganizationMutationVariables = Exact<{
  id: string;
  input: UpdateOrganizationInput;
}>;


export type UpdateOrganizationMutation = { updateOrganization: { id: string } };

export type LeaveOrganizationMutationVariables = Exact<{
  id: string;
  to?: string | null | undefined;
}>;


export type LeaveOrganizationMutation = { leaveOrganization: { membershipID: string } };

export type OrganizationEventsSubscriptionVariables = Exact<{
  id: string;
}>;


export type OrganizationEventsSubscription = { organizationEvents: { type: AuditAction, targetID: string } };

export type TransferOwnershipMutationVariables = Exact<{
  org: string;
  m: string;
}>;


export type TransferOwnershipMutation = { transferOwnership: { id: string } };

export type DeletionPreviewQueryVariables = Exact<{
  slug: string;
}>;


export type DeletionPreviewQuery = { organization: { deletionPreview: { members: number, invitations: number, projects: number, tasks: number, jobs: number, annotations: number, cloudStorages: number } | null } | null };

export type DeleteOrganizationMutationVariables = Exact<{
  id: string;
  slug: string;
}>;


export type DeleteOrganizationMutation = { deleteOrganization: string };

export type SessionQueryVariables = Exact<{ [key: string]: never; }>;


export type SessionQuery = { me: { id: string, username: string, email: string | null }, organizations: { edges: Array<{ node: { id: string, slug: string, name: string, viewerRole: Role | null } }> } };

export type WorkspaceQueryVariables = Exact<{
  org?: string | null | undefined;
  slug: string;
  inOrg: boolean;
}>;


export type WorkspaceQuery = { organization?: { id: string, slug: string, name: string, viewerRole: Role | null, viewerCan: { createProject: { allowed: boolean, reason: string | null }, createTask: { allowed: boolean, reason: string | null }, createJob: { allowed: boolean, reason: string | null } } | null, members: { edges: Array<{ node: { user: { id: string, username: string } } }> } } | null, projects: { totalCount: number, edges: Array<{ node: { id: string, name: string, owner: { username: string } | null, assignee: { username: string } | null } }> }, tasks: { totalCount: number, edges: Array<{ node: { id: string, name: string, project: { name: string } | null, owner: { username: string } | null, assignee: { username: string } | null } }> }, jobs: { totalCount: number, edges: Array<{ node: { id: string, stage: JobStage, state: JobState, task: { name: string } | null, assignee: { username: string } | null } }> } };

export type CreateProjectMutationVariables = Exact<{
  input: CreateProjectInput;
}>;


export type CreateProjectMutation = { createProject: { id: string } };

export type CreateTaskMutationVariables = Exact<{
  input: CreateTaskInput;
}>;


export type CreateTaskMutation = { createTask: { id: string } };

export type CreateJobMutationVariables = Exact<{
  input: CreateJobInput;
}>;


export type CreateJobMutation = { createJob: { id: string } };

export class TypedDocumentString<TResult, TVariables>
  extends String
  implements DocumentTypeDecoration<TResult, TVariables>
{
  __apiType?: NonNullable<DocumentTypeDecoration<TResult, TVariables>['__apiType']>;
  private value: string;
  public __meta__?: Record<string, any> | undefined;

  constructor(value: string, __meta__?: Record<string, any> | undefined) {
    super(value);
    this.value = value;
    this.__meta__ = __meta__;
  }

  override toString(): string & DocumentTypeDecoration<TResult, TVariables> {
    return this.value;
  }
}

export const AuditLogDocument = new TypedDocumentString(`
    query AuditLog($slug: String!, $after: Cursor) {
  organization(slug: $slug) {
    auditLog(first: 20, after: $after) {
      edges {
        node {
          id
          action
          actorName
          targetType
          targetID
          before
          after
          createdAt
        }
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
}
    `) as unknown as TypedDocumentString<AuditLogQuery, AuditLogQueryVariables>;
export const SignUpDocument = new TypedDocumentString(`
    mutation SignUp($input: SignUpInput!) {
  signUp(input: $input) {
    token
  }
}
    `) as unknown as TypedDocumentString<SignUpMutation, SignUpMutationVariables>;
export const SignInDocument = new TypedDocumentString(`
    mutation SignIn($input: SignInInput!) {
  signIn(input: $input) {
    token
  }
}
    `) as unknown as TypedDocumentString<SignInMutation, SignInMutationVariables>;
export const MyInvitationsDocument = new TypedDocumentString(`
    query MyInvitations {
  myInvitations(status: PENDING, first: 50) {
    edges {
      node {
        id
        email
        role
        sentAt
        expiresAt
        organization {
          slug
          name
        }
        invitedBy {
          username
        }
      }
    }
  }
}
    `) as unknown as TypedDocumentString<MyInvitationsQuery, MyInvitationsQueryVariables>;
export const AcceptInvitationDocument = new TypedDocumentString(`
    mutation AcceptInvitation($key: String!) {
  acceptInvitation(key: $key) {
    id
    role
    organization {
      slug
    }
  }
}
    `) as unknown as TypedDocumentString<AcceptInvitationMutation, AcceptInvitationMutationVariables>;
export const DeclineInvitationDocument = new TypedDocumentString(`
    mutation DeclineInvitation($key: String!) {
  declineInvitation(key: $key) {
    id
  }
}
    `) as unknown as TypedDocumentString<DeclineInvitationMutation, DeclineInvitationMutationVariables>;
export const SignOutDocument = new TypedDocumentString(`
    mutation SignOut {
  signOut
}
    `) as unknown as TypedDocumentString<SignOutMutation, SignOutMutationVariables>;
export const ChangeMemberRoleDocument = new TypedDocumentString(`
    mutation ChangeMemberRole($m: ID!, $role: Role!) {
  changeMemberRole(membershipID: $m, role: $role) {
    id
    role
  }
}
    `) as unknown as TypedDocumentString<ChangeMemberRoleMutation, ChangeMemberRoleMutationVariables>;
export const RemoveMemberDocument = new TypedDocumentString(`
    mutation RemoveMember($m: ID!, $to: ID) {
  removeMember(membershipID: $m, reassignTo: $to) {
    membershipID
    reassignedTo
    projects
    tasks
    jobs
  }
}
    `) as unknown as TypedDocumentString<RemoveMemberMutation, RemoveMemberMutationVariables>;
export const InviteMemberDocument = new TypedDocumentString(`
    mutation InviteMember($input: InviteMemberInput!) {
  inviteMember(input: $input) {
    id
  }
}
    `) as unknown as TypedDocumentString<InviteMemberMutation, InviteMemberMutationVariables>;
export const ResendInvitationDocument = new TypedDocumentString(`
    mutation ResendInvitation($id: ID!) {
  resendInvitation(id: $id) {
    id
  }
}
    `) as unknown as TypedDocumentString<ResendInvitationMutation, ResendInvitationMutationVariables>;
export const RevokeInvitationDocument = new TypedDocumentString(`
    mutation RevokeInvitation($id: ID!) {
  revokeInvitation(id: $id) {
    id
  }
}
    `) as unknown as TypedDocumentString<RevokeInvitationMutation, RevokeInvitationMutationVariables>;
export const CreateOrganizationDocument = new TypedDocumentString(`
    mutation CreateOrganization($input: CreateOrganizationInput!) {
  createOrganization(input: $input) {
    id
    slug
  }
}
    `) as unknown as TypedDocumentString<CreateOrganizationMutation, CreateOrganizationMutationVariables>;
export const OrganizationSettingsDocument = new TypedDocumentString(`
    query OrganizationSettings($slug: String!) {
  organization(slug: $slug) {
    id
    slug
    name
    description
    viewerRole
    contact {
      email
      phone
      location
    }
    owner {
      username
    }
    viewerCan {
      edit {
        allowed
        reason
      }
      remove {
        allowed
        reason
      }
      seeInvitations {
        allowed
        reason
      }
      invite {
        allowed
        reason
      }
      inviteRoles
      leave {
        allowed
        reason
      }
      transferOwnership {
        allowed
        reason
      }
      seeAuditLog {
        allowed
        reason
      }
    }
    members(first: 50) {
      totalCount
      edges {
        node {
          id
          role
          joinedAt
          user {
            id
            username
            email
          }
          invitedBy {
            username
          }
          invitation {
            sentAt
          }
          viewerCan {
            changeRole {
              allowed
              reason
            }
            roles
            remove {
              allowed
              reason
            }
          }
        }
      }
    }
    invitations(status: PENDING, first: 50) {
      totalCount
      edges {
        node {
          id
          email
          role
          sentAt
          expiresAt
          invitedBy {
            username
          }
          viewerCan {
            manage {
              allowed
              reason
            }
          }
        }
      }
    }
  }
}
    `) as unknown as TypedDocumentString<OrganizationSettingsQuery, OrganizationSettingsQueryVariables>;
export const UpdateOrganizationDocument = new TypedDocumentString(`
    mutation UpdateOrganization($id: ID!, $input: UpdateOrganizationInput!) {
  updateOrganization(id: $id, input: $input) {
    id
  }
}
    `) as unknown as TypedDocumentString<UpdateOrganizationMutation, UpdateOrganizationMutationVariables>;
export const LeaveOrganizationDocument = new TypedDocumentString(`
    mutation LeaveOrganization($id: ID!, $to: ID) {
  leaveOrganization(organizationID: $id, reassignTo: $to) {
    membershipID
  }
}
    `) as unknown as TypedDocumentString<LeaveOrganizationMutation, LeaveOrganizationMutationVariables>;
export const OrganizationEventsDocument = new TypedDocumentString(`
    subscription OrganizationEvents($id: ID!) {
  organizationEvents(organizationID: $id) {
    type
    targetID
  }
}
    `) as unknown as TypedDocumentString<OrganizationEventsSubscription, OrganizationEventsSubscriptionVariables>;
export const TransferOwnershipDocument = new TypedDocumentString(`
    mutation TransferOwnership($org: ID!, $m: ID!) {
  transferOwnership(organizationID: $org, membershipID: $m) {
    id
  }
}
    `) as unknown as TypedDocumentString<TransferOwnershipMutation, TransferOwnershipMutationVariables>;
export const DeletionPreviewDocument = new TypedDocumentString(`
    query DeletionPreview($slug: String!) {
  organization(slug: $slug) {
    deletionPreview {
      members
      invitations
      projects
      tasks
      jobs
      annotations
      cloudStorages
    }
  }
}
    `) as unknown as TypedDocumentString<DeletionPreviewQuery, DeletionPreviewQueryVariables>;
export const DeleteOrganizationDocument = new TypedDocumentString(`
    mutation DeleteOrganization($id: ID!, $slug: String!) {
  deleteOrganization(id: $id, confirmSlug: $slug)
}
    `) as unknown as TypedDocumentString<DeleteOrganizationMutation, DeleteOrganizationMutationVariables>;
export const SessionDocument = new TypedDocumentString(`
    query Session {
  me {
    id
    username
    email
  }
  organizations(first: 100) {
    edges {
      node {
        id
        slug
        name
        viewerRole
      }
    }
  }
}
    `) as unknown as TypedDocumentString<SessionQuery, SessionQueryVariables>;
export const WorkspaceDocument = new TypedDocumentString(`
    query Workspace($org: String, $slug: String!, $inOrg: Boolean!) {
  organization(slug: $slug) @include(if: $inOrg) {
    id
    slug
    name
    viewerRole
    viewerCan {
      createProject {
        allowed
        reason
      }
      createTask {
        allowed
        reason
      }
      createJob {
        allowed
        reason
      }
    }
    members(first: 50) {
      edges {
        node {
          user {
            id
            username
          }
        }
      }
    }
  }
  projects(organization: $org, first: 50) {
    totalCount
    edges {
      node {
        id
        name
        owner {
          username
        }
        assignee {
          username
        }
      }
    }
  }
  tasks(organization: $org, first: 50) {
    totalCount
    edges {
      node {
        id
        name
        project {
          name
        }
        owner {
          username
        }
        assignee {
          username
        }
      }
    }
  }
  jobs(organization: $org, first: 50) {
    totalCount
    edges {
      node {
        id
        stage
        state
        task {
          name
        }
        assignee {
          username
        }
      }
    }
  }
}
    `) as unknown as TypedDocumentString<WorkspaceQuery, WorkspaceQueryVariables>;
export const CreateProjectDocument = new TypedDocumentString(`
    mutation CreateProject($input: CreateProjectInput!) {
  createProject(input: $input) {
    id
  }
}
    `) as unknown as TypedDocumentString<CreateProjectMutation, CreateProjectMutationVariables>;
export const CreateTaskDocument = new TypedDocumentString(`
    mutation CreateTask($input: CreateTaskInput!) {
  createTask(input: $input) {
    id
  }
}
    `) as unknown as TypedDocumentString<CreateTaskMutation, CreateTaskMutationVariables>;
export const CreateJobDocument = new TypedDocumentString(`
    mutation CreateJob($input: CreateJobInput!) {
  createJob(input: $input) {
    id
  }
}
    `) as unknown as TypedDocumentString<CreateJobMutation, CreateJobMutationVariables>;