package graph

import (
	"context"
	"errors"

	"orgraph/ent"
	"orgraph/ent/annotation"
	"orgraph/ent/cloudstorage"
	"orgraph/ent/invitation"
	"orgraph/ent/job"
	"orgraph/ent/membership"
	"orgraph/ent/project"
	"orgraph/ent/task"
	"orgraph/graph/model"
	"orgraph/internal/authz"
	"orgraph/internal/errcode"
)

// The viewerCan fields (permissions.graphqls) turn the answers of
// internal/authz into data, so that clients decide which controls to show
// from the same rules the writes are checked with.

// grantableRoles are the roles one may invite with or change a member to
// (owners are made by transferOwnership only).
var grantableRoles = []authz.Role{authz.RoleWorker, authz.RoleSupervisor, authz.RoleMaintainer}

// permission is an authz answer as a Permission: allowed, or the words of
// the refusal.
func permission(err error) *model.Permission {
	if err == nil {
		return &model.Permission{Allowed: true}
	}
	reason := "you are not a member of this organization"
	var e *errcode.Error
	if errors.As(err, &e) && e.Code != errcode.NotFound {
		reason = e.Message
	}
	return &model.Permission{Reason: &reason}
}

// rolesAllowed lists the grantable roles check allows, and the permission
// of the whole: allowed when one is, otherwise the refusal of the first.
// A role equal to skip (a member's current one) is left out.
func rolesAllowed(skip authz.Role, check func(authz.Role) error) ([]authz.Role, *model.Permission) {
	roles := []authz.Role{}
	var first error
	for _, r := range grantableRoles {
		if r == skip {
			continue
		}
		switch err := check(r); {
		case err == nil:
			roles = append(roles, r)
		case first == nil:
			first = err
		}
	}
	if len(roles) > 0 {
		return roles, permission(nil)
	}
	return roles, permission(first)
}

func organizationPermissions(a authz.Actor) *model.OrganizationPermissions {
	inviteRoles, invite := rolesAllowed("", a.CanInvite)
	return &model.OrganizationPermissions{
		Edit:              permission(a.May(authz.EditOrganization)),
		Remove:            permission(a.May(authz.RemoveOrganization)),
		SeeInvitations:    permission(a.May(authz.SeeInvitations)),
		Invite:            invite,
		InviteRoles:       inviteRoles,
		ManageInvitations: permission(a.May(authz.ManageInvitations)),
		SeeAuditLog:       permission(a.May(authz.SeeAuditLog)),
		Leave:             permission(a.CanLeave()),
		TransferOwnership: permission(a.May(authz.TransferOwnership)),
		CreateProject:     permission(a.MayWork(authz.CreateProject, false)),
		CreateTask:        permission(a.MayWork(authz.CreateTask, true)),
		CreateJob:         permission(a.MayWork(authz.CreateJob, true)),
		AssignAny:         permission(a.MayWork(authz.ManageWork, false)),
	}
}

func membershipPermissions(a authz.Actor, target authz.Role, self bool) *model.MembershipPermissions {
	roles, change := rolesAllowed(target, func(r authz.Role) error { return a.CanChangeRole(target, r, self) })
	return &model.MembershipPermissions{
		ChangeRole: change,
		Roles:      roles,
		Remove:     permission(a.CanRemove(target, self)),
	}
}

// deletionPreview counts what deleteOrganization removes: one COUNT per
// kind of row, seven statements whatever the organization holds. ctx
// bypasses privacy (the caller checked RemoveOrganization): the owner
// counts rows they could not list, e.g. tasks assigned to others.
func deletionPreview(ctx context.Context, c *ent.Client, orgID int) (*model.OrganizationDeletionPreview, error) {
	var p model.OrganizationDeletionPreview
	counts := []struct {
		into  *int
		count func(context.Context) (int, error)
	}{
		{&p.Members, c.Membership.Query().Where(membership.OrganizationID(orgID)).Count},
		{&p.Invitations, c.Invitation.Query().Where(invitation.OrganizationID(orgID)).Count},
		{&p.Projects, c.Project.Query().Where(project.OrganizationID(orgID)).Count},
		{&p.Tasks, c.Task.Query().Where(task.OrganizationID(orgID)).Count},
		{&p.Jobs, c.Job.Query().Where(job.OrganizationID(orgID)).Count},
		{&p.Annotations, c.Annotation.Query().Where(annotation.OrganizationID(orgID)).Count},
		{&p.CloudStorages, c.CloudStorage.Query().Where(cloudstorage.OrganizationID(orgID)).Count},
	}
	for _, k := range counts {
		n, err := k.count(ctx)
		if err != nil {
			return nil, err
		}
		*k.into = n
	}
	return &p, nil
}
