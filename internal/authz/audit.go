package authz

import "io"

// AuditAction is what an audit entry records (docs/EVENTS.md): a change to
// an organization's membership, invitations, roles, ownership, settings,
// or its removal. The membership and invitation actions are also the
// types of the live events of organizationEvents and myInvitationEvents.
type AuditAction string

// The audit actions.
const (
	AuditOrganizationCreated AuditAction = "ORGANIZATION_CREATED"
	AuditOrganizationUpdated AuditAction = "ORGANIZATION_UPDATED"
	AuditOrganizationRemoved AuditAction = "ORGANIZATION_REMOVED"
	AuditOwnershipTransfer   AuditAction = "OWNERSHIP_TRANSFERRED"
	AuditMemberJoined        AuditAction = "MEMBER_JOINED"
	AuditMemberLeft          AuditAction = "MEMBER_LEFT"
	AuditMemberRemoved       AuditAction = "MEMBER_REMOVED"
	AuditRoleChanged         AuditAction = "ROLE_CHANGED"
	AuditInvitationSent      AuditAction = "INVITATION_SENT"
	AuditInvitationResent    AuditAction = "INVITATION_RESENT"
	AuditInvitationAccepted  AuditAction = "INVITATION_ACCEPTED"
	AuditInvitationDeclined  AuditAction = "INVITATION_DECLINED"
	AuditInvitationRevoked   AuditAction = "INVITATION_REVOKED"
)

var auditActions = enum[AuditAction]{"action", "AuditAction", []AuditAction{
	AuditOrganizationCreated, AuditOrganizationUpdated, AuditOrganizationRemoved, AuditOwnershipTransfer,
	AuditMemberJoined, AuditMemberLeft, AuditMemberRemoved, AuditRoleChanged,
	AuditInvitationSent, AuditInvitationResent, AuditInvitationAccepted, AuditInvitationDeclined, AuditInvitationRevoked,
}}

// Values gives ent the enum's values.
func (AuditAction) Values() []string { return auditActions.values() }

// MarshalGQL implements graphql.Marshaler.
func (a AuditAction) MarshalGQL(w io.Writer) { quote(w, a) }

// UnmarshalGQL implements graphql.Unmarshaler: BAD_USER_INPUT for a value
// not in the enum.
func (a *AuditAction) UnmarshalGQL(v any) error { return auditActions.unmarshal(a, v) }

// IsInvitation reports the actions about an invitation: their live events
// go to the organization's staff (SeeInvitations) and to the invitee.
func (a AuditAction) IsInvitation() bool {
	switch a {
	case AuditInvitationSent, AuditInvitationResent, AuditInvitationAccepted, AuditInvitationDeclined, AuditInvitationRevoked:
		return true
	}
	return false
}

// IsMembership reports the actions about the members: their live events go
// to every member.
func (a AuditAction) IsMembership() bool {
	switch a {
	case AuditMemberJoined, AuditMemberLeft, AuditMemberRemoved, AuditRoleChanged, AuditOwnershipTransfer:
		return true
	}
	return false
}

// SeesEvent reports whether the actor may receive the live event of act in
// the organization: membership events every member, invitation events
// those who see the invitations (staff). The rest (settings, removal) are
// audit entries only.
func (a Actor) SeesEvent(act AuditAction) bool {
	switch {
	case !a.Sees():
		return false
	case act.IsMembership():
		return true
	case act.IsInvitation():
		return a.Can(SeeInvitations)
	}
	return false
}
