package orgs

import (
	"context"
	"time"

	"orgraph/ent"
	"orgraph/internal/authz"
	"orgraph/internal/events"
)

// WithEvents makes the workflows publish their live events on bus (after
// the commit); without it they only write the audit log.
func (s *Service) WithEvents(bus *events.Bus) *Service {
	s.events = bus
	return s
}

// record writes the audit entries of one workflow (events.Record): one
// call per workflow, at its end.
func (s *Service) record(ctx context.Context, entries ...events.Entry) error {
	for _, e := range entries {
		if err := events.Record(ctx, s.events, e); err != nil {
			return err
		}
	}
	return nil
}

// The audited fields of each target (docs/EVENTS.md). Nothing else goes
// into an entry: an invitation's key hash, for one, never does.

func memberFields(m *ent.Membership) map[string]any {
	return map[string]any{"userID": events.ID(m.UserID), "role": string(m.Role)}
}

func invitationFields(inv *ent.Invitation) map[string]any {
	return map[string]any{
		"email": inv.Email, "role": string(inv.Role), "status": string(Status(inv)),
		"expiresAt": inv.ExpiresAt.UTC().Format(time.RFC3339),
	}
}

func organizationFields(o *ent.Organization) map[string]any {
	return map[string]any{
		"slug": o.Slug, "name": o.Name, "description": o.Description,
		"contactEmail": o.ContactEmail, "contactPhone": o.ContactPhone, "contactLocation": o.ContactLocation,
	}
}

// memberEntry is the entry of a change to a membership (nil before: it
// joined; nil after: it left or was removed).
func memberEntry(act authz.AuditAction, before, after *ent.Membership) events.Entry {
	e := events.Entry{Action: act, TargetType: "membership"}
	for _, m := range []*ent.Membership{before, after} {
		if m != nil {
			e.OrganizationID, e.TargetID, e.UserID = m.OrganizationID, m.ID, m.UserID
		}
	}
	if before != nil {
		e.Before, e.PreviousRole = memberFields(before), before.Role
	}
	if after != nil {
		e.After, e.Role = memberFields(after), after.Role
	}
	return e
}

// invitationEntry is the entry of a change to an invitation.
func invitationEntry(act authz.AuditAction, before, after *ent.Invitation) events.Entry {
	e := events.Entry{Action: act, TargetType: "invitation", OrganizationID: after.OrganizationID,
		TargetID: after.ID, After: invitationFields(after), Role: after.Role, InviteeEmail: after.Email}
	if before != nil {
		e.Before = invitationFields(before)
	}
	return e
}

// organizationEntry is the entry of a change to an organization's
// settings: only the fields that changed (all of them on creation).
func organizationEntry(act authz.AuditAction, before, after *ent.Organization) events.Entry {
	e := events.Entry{Action: act, TargetType: "organization", OrganizationID: after.ID, TargetID: after.ID, After: organizationFields(after)}
	if before != nil {
		e.Before = organizationFields(before)
		for k, v := range e.Before {
			if e.After[k] == v {
				delete(e.Before, k)
				delete(e.After, k)
			}
		}
	}
	return e
}
