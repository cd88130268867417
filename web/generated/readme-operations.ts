/** Internal type. DO NOT USE DIRECTLY. */
type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
/** Internal type. DO NOT USE DIRECTLY. */
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
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

/**
 * The status of an invitation. A PENDING invitation past its expiresAt is
 * EXPIRED.
 */
export type InvitationStatus =
  /** The invitee accepted it and is a member. */
  | 'ACCEPTED'
  /** The invitee declined it. */
  | 'DECLINED'
  /** Not answered before expiresAt; resending makes it PENDING again. */
  | 'EXPIRED'
  /** Sent and waiting for the invitee; its key works until expiresAt. */
  | 'PENDING'
  /** Revoked by staff or its sender; its key no longer works. */
  | 'REVOKED';

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

/** A user's system group, highest first: ADMIN, USER, WORKER (RULES.md §1). Only an admin changes it (`setUserGroup`). */
export type SystemGroup =
  /** May do whatever any role may do, in every organization (as an owner); moves users between groups. Does not see other users' personal workspaces. */
  | 'ADMIN'
  /** The group of sign-up: creates organizations and work, invites, changes roles. */
  | 'USER'
  /** Creates nothing and never invites, changes a role or removes a member; has a worker's rights in every organization, whatever role its membership records. */
  | 'WORKER';

export type Readme01MutationVariables = Exact<{ [key: string]: never; }>;


export type Readme01Mutation = { signUp: { token: string, expiresAt: string, user: { id: string, username: string, email: string | null, group: SystemGroup } } };

export type Readme02QueryVariables = Exact<{ [key: string]: never; }>;


export type Readme02Query = { me: { id: string, username: string, email: string | null, group: SystemGroup, createdAt: string } };

export type Readme03MutationVariables = Exact<{ [key: string]: never; }>;


export type Readme03Mutation = { createOrganization: { id: string, slug: string, name: string, viewerRole: Role | null, owner: { username: string } | null } };

export type Readme04MutationVariables = Exact<{ [key: string]: never; }>;


export type Readme04Mutation = { inviteMember: { id: string, email: string, role: Role, status: InvitationStatus, expiresAt: string } };

export type Readme05MutationVariables = Exact<{ [key: string]: never; }>;


export type Readme05Mutation = { inviteMembers: Array<{ email: string, invitation: { id: string, status: InvitationStatus } | null, error: { code: string, message: string, field: string | null } | null }> };

export type Readme06MutationVariables = Exact<{ [key: string]: never; }>;


export type Readme06Mutation = { signUp: { token: string } };

export type Readme07QueryVariables = Exact<{ [key: string]: never; }>;


export type Readme07Query = { myInvitations: { edges: Array<{ node: { id: string, role: Role, organization: { slug: string, name: string } | null, invitedBy: { username: string } | null } }> } };

export type Readme08MutationVariables = Exact<{ [key: string]: never; }>;


export type Readme08Mutation = { acceptInvitation: { id: string, role: Role, joinedAt: string, organization: { slug: string, viewerRole: Role | null } } };

export type Readme09QueryVariables = Exact<{ [key: string]: never; }>;


export type Readme09Query = { organization: { name: string, description: string | null, contact: { email: string | null, phone: string | null, location: string | null } | null, members: { totalCount: number, edges: Array<{ node: { id: string, role: Role, joinedAt: string, user: { username: string, email: string | null }, invitedBy: { username: string } | null } }> }, invitations: { totalCount: number, edges: Array<{ node: { email: string, role: Role, sentAt: string, expiresAt: string } }> } } | null };

export type Readme10MutationVariables = Exact<{ [key: string]: never; }>;


export type Readme10Mutation = { changeMemberRole: { id: string, role: Role } };

export type Readme11MutationVariables = Exact<{ [key: string]: never; }>;


export type Readme11Mutation = { leaveOrganization: { membershipID: string, reassignedTo: string | null, projects: Array<string>, tasks: Array<string>, jobs: Array<string> } };

export type Readme12MutationVariables = Exact<{ [key: string]: never; }>;


export type Readme12Mutation = { deleteOrganization: string };

export type Readme13QueryVariables = Exact<{ [key: string]: never; }>;


export type Readme13Query = { organization: { auditLog: { edges: Array<{ node: { action: AuditAction, actorID: string | null, actorName: string, targetType: string, targetID: string, before: unknown, after: unknown, requestID: string, createdAt: string } }> } } | null };

export type Readme14MutationVariables = Exact<{ [key: string]: never; }>;


export type Readme14Mutation = { createProject: { id: string } };

export type Readme15MutationVariables = Exact<{ [key: string]: never; }>;


export type Readme15Mutation = { createTask: { id: string } };

export type Readme16MutationVariables = Exact<{ [key: string]: never; }>;


export type Readme16Mutation = { createJob: { id: string, stage: JobStage, state: JobState } };

export type Readme17MutationVariables = Exact<{ [key: string]: never; }>;


export type Readme17Mutation = { createAnnotations: Array<{ id: string }> };

export type Readme18MutationVariables = Exact<{ [key: string]: never; }>;


export type Readme18Mutation = { updateJob: { stage: JobStage, state: JobState } };

export type Readme19QueryVariables = Exact<{ [key: string]: never; }>;


export type Readme19Query = { jobs: { totalCount: number, edges: Array<{ node: { id: string, state: JobState, task: { name: string, project: { name: string } | null } | null, annotations: { totalCount: number } } }> } };

export type Readme20MutationVariables = Exact<{ [key: string]: never; }>;


export type Readme20Mutation = { createProject: { id: string } };

export type Readme21MutationVariables = Exact<{ [key: string]: never; }>;


export type Readme21Mutation = { moveProject: { id: string, organization: { slug: string } | null } };

export type Readme22MutationVariables = Exact<{ [key: string]: never; }>;


export type Readme22Mutation = { createTask: { id: string } };

export type Readme23MutationVariables = Exact<{ [key: string]: never; }>;


export type Readme23Mutation = { removeMember: { membershipID: string, reassignedTo: string | null, projects: Array<string>, tasks: Array<string>, jobs: Array<string> } };

export type Readme24MutationVariables = Exact<{ [key: string]: never; }>;


export type Readme24Mutation = { moveTask: { id: string, organization: { slug: string } | null, assignee: { username: string } | null } };
