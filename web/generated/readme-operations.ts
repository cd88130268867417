/** Internal type. DO NOT USE DIRECTLY. */
type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
/** Internal type. DO NOT USE DIRECTLY. */
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
/**
 * The status of an invitation. A PENDING invitation past its expiresAt is
 * EXPIRED.
 */
export type InvitationStatus =
  | 'ACCEPTED'
  | 'DECLINED'
  | 'EXPIRED'
  | 'PENDING'
  | 'REVOKED';

/** JobStage is enum for the field stage */
export type JobStage =
  | 'ACCEPTANCE'
  | 'ANNOTATION'
  | 'VALIDATION';

/** JobState is enum for the field state */
export type JobState =
  | 'COMPLETED'
  | 'IN_PROGRESS'
  | 'NEW'
  | 'REJECTED';

/** Role is enum for the field role */
export type Role =
  | 'MAINTAINER'
  | 'OWNER'
  | 'SUPERVISOR'
  | 'WORKER';

/** SystemGroup is enum for the field group */
export type SystemGroup =
  | 'ADMIN'
  | 'USER'
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


export type Readme05Mutation = { signUp: { token: string } };

export type Readme06QueryVariables = Exact<{ [key: string]: never; }>;


export type Readme06Query = { myInvitations: { edges: Array<{ node: { id: string, role: Role, organization: { slug: string, name: string } | null, invitedBy: { username: string } | null } | null } | null> | null } };

export type Readme07MutationVariables = Exact<{ [key: string]: never; }>;


export type Readme07Mutation = { acceptInvitation: { id: string, role: Role, joinedAt: string, organization: { slug: string, viewerRole: Role | null } } };

export type Readme08QueryVariables = Exact<{ [key: string]: never; }>;


export type Readme08Query = { organization: { name: string, description: string | null, contact: { email: string | null, phone: string | null, location: string | null } | null, members: { totalCount: number, edges: Array<{ node: { id: string, role: Role, joinedAt: string, user: { username: string, email: string | null }, invitedBy: { username: string } | null } | null } | null> | null }, invitations: { totalCount: number, edges: Array<{ node: { email: string, role: Role, sentAt: string, expiresAt: string } | null } | null> | null } } | null };

export type Readme09MutationVariables = Exact<{ [key: string]: never; }>;


export type Readme09Mutation = { changeMemberRole: { id: string, role: Role } };

export type Readme10MutationVariables = Exact<{ [key: string]: never; }>;


export type Readme10Mutation = { leaveOrganization: string };

export type Readme11MutationVariables = Exact<{ [key: string]: never; }>;


export type Readme11Mutation = { deleteOrganization: string };

export type Readme12MutationVariables = Exact<{ [key: string]: never; }>;


export type Readme12Mutation = { createProject: { id: string } };

export type Readme13MutationVariables = Exact<{ [key: string]: never; }>;


export type Readme13Mutation = { createTask: { id: string } };

export type Readme14MutationVariables = Exact<{ [key: string]: never; }>;


export type Readme14Mutation = { createJob: { id: string, stage: JobStage, state: JobState } };

export type Readme15MutationVariables = Exact<{ [key: string]: never; }>;


export type Readme15Mutation = { createAnnotations: Array<{ id: string }> };

export type Readme16MutationVariables = Exact<{ [key: string]: never; }>;


export type Readme16Mutation = { updateJob: { stage: JobStage, state: JobState } };

export type Readme17QueryVariables = Exact<{ [key: string]: never; }>;


export type Readme17Query = { jobs: { totalCount: number, edges: Array<{ node: { id: string, state: JobState, task: { name: string, project: { name: string } | null } | null, annotations: { totalCount: number } } | null } | null> | null } };
