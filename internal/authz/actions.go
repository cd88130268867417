package authz

// Action is a row of the tables of RULES.md §3-5: orgTable (rules.go) and
// workTable (work.go) say who may do it. Its text is the row's wording,
// used in FORBIDDEN messages.
type Action string

// Organizations, members and invitations (RULES.md §3, 4). Seeing the
// organization and its active members, and leaving it, are every member's
// (Actor.Sees, CanLeave).
const (
	SeeInvitations     Action = "see the organization's pending invitations"
	SeeMemberEmails    Action = "see the emails of the members"
	EditOrganization   Action = "edit the organization"
	RemoveOrganization Action = "remove the organization"
	InviteMember       Action = "invite with role worker or supervisor"
	InviteMaintainer   Action = "invite with role maintainer"
	ManageInvitations  Action = "resend or revoke another member's invitation"
	ChangeRoles        Action = "change a worker's or supervisor's role"
	ChangeMaintainers  Action = "change a maintainer's role, or make someone maintainer"
	RemoveMember       Action = "remove a worker or supervisor"
	RemoveMaintainer   Action = "remove a maintainer"
	TransferOwnership  Action = "transfer ownership"
	SeeAuditLog        Action = "see the audit log"
	MoveWork           Action = "move projects and tasks into or out of the organization"
)

// Work (RULES.md §5).
const (
	SeeWork            Action = "see projects, tasks, jobs and annotations"
	SeeCloudStorages   Action = "see cloud storages"
	CreateProject      Action = "create projects"
	CreateTask         Action = "create tasks"
	CreateJob          Action = "create jobs"
	DeleteJob          Action = "delete jobs"
	EditJob            Action = "edit annotations, change a job's state"
	ManageWork         Action = "assign, rename or delete a project or task"
	AssignJob          Action = "assign jobs"
	CreateCloudStorage Action = "create cloud storages"
	EditCloudStorage   Action = "edit or delete cloud storages"
)
