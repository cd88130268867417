package authz

// Work rules: RULES.md §5. An Actor here is who acts in the
// organization that holds the work; in a personal workspace the actor is
// PersonalOwner (the user, acting on their own work).

// workRule is one row of the table: from which role the actor may do it to
// any row of the organization (all), from which role only to the rows they
// are related to (related, "" for never), and whether it creates (creating
// needs system group USER or higher). What "related" means is the row's:
//
//   - see work: owns or is assigned to it (a task also through its project,
//     a job also through its task or project): policy.ProjectVisible & co.
//   - see, edit cloud storages: owns it
//   - create tasks: in a project they own or are assigned to
//   - create and delete jobs, assign jobs: in a task they own or are
//     assigned to
//   - manage projects and tasks: owns it
//   - edit jobs: sees the job (so every actor who reaches the write)
type workRule struct {
	all, related Role
	creates      bool
}

// workTable is RULES.md §5's table.
var workTable = map[Action]workRule{
	SeeWork:            {all: RoleMaintainer, related: RoleWorker},
	SeeCloudStorages:   {all: RoleSupervisor, related: RoleWorker},
	CreateProject:      {all: RoleSupervisor, creates: true},
	CreateTask:         {all: RoleSupervisor, related: RoleWorker, creates: true},
	CreateJob:          {all: RoleMaintainer, related: RoleSupervisor, creates: true},
	DeleteJob:          {all: RoleMaintainer, related: RoleSupervisor},
	EditJob:            {all: RoleWorker},
	ManageWork:         {all: RoleMaintainer, related: RoleWorker},
	AssignJob:          {all: RoleMaintainer, related: RoleWorker},
	CreateCloudStorage: {all: RoleMaintainer, creates: true},
	EditCloudStorage:   {all: RoleMaintainer, related: RoleWorker},
}

// MayWork reports whether the actor may do act to a row they are related
// to or not (no error), or FORBIDDEN. Whether they see the row at all
// (NOT_FOUND otherwise) is the visibility predicates' question.
func (a Actor) MayWork(act Action, related bool) error {
	rule := workTable[act]
	r := a.Acts()
	switch {
	case rule.creates && !a.Group.AtLeast(GroupUser):
		return forbidden("users of the WORKER system group cannot " + string(act))
	case r.AtLeast(rule.all):
		return nil
	case related && rule.related != "" && r.AtLeast(rule.related):
		return nil
	}
	return forbidden("your role does not allow this: " + string(act))
}

// SeesAll reports whether the actor sees every row of act's kind in the
// organization (SeeWork, SeeCloudStorages), rather than the related ones.
func (a Actor) SeesAll(act Action) bool { return a.Acts().AtLeast(workTable[act].all) }
