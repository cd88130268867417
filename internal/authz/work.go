package authz

// Work rules: SPEC section 5. An Actor here is who acts in the
// organization that holds the work; in a personal workspace the actor is
// PersonalOwner (the user, acting on their own work).

// PersonalOwner is the actor in their own personal workspace: they see and
// do everything with their own work (creating still needs group USER).
func PersonalOwner(group Group) Actor { return Actor{Group: group, Role: RoleOwner, personal: true} }

// workRole is the role an actor sees and acts on work with: members of the
// WORKER system group act as workers whatever their role inside an
// organization (SPEC 1); in their personal workspace they do everything
// with their own work but create (SPEC 5, mayCreate).
func (a Actor) workRole() Role {
	r := a.effective()
	if a.Group == GroupWorker && !a.personal && r.Valid() {
		return RoleWorker
	}
	return r
}

// SeesAllWork: maintainers and owners see every project, task and job of
// their organization; others what they own or are assigned to.
func (a Actor) SeesAllWork() bool { return a.workRole().AtLeast(RoleMaintainer) }

// SeesAllCloudStorages: supervisors and above see every cloud storage.
func (a Actor) SeesAllCloudStorages() bool { return a.workRole().AtLeast(RoleSupervisor) }

func (a Actor) mayCreate(what string) error {
	if !a.Group.AtLeast(GroupUser) {
		return forbidden("users of the WORKER system group cannot create " + what)
	}
	return nil
}

// CanCreateProject: supervisors and above.
func (a Actor) CanCreateProject() error {
	if err := a.mayCreate("projects"); err != nil {
		return err
	}
	if !a.workRole().AtLeast(RoleSupervisor) {
		return forbidden("workers cannot create projects")
	}
	return nil
}

// CanCreateTask: supervisors and above; workers only in a project they own
// or are assigned to.
func (a Actor) CanCreateTask(inOwnOrAssignedProject bool) error {
	if err := a.mayCreate("tasks"); err != nil {
		return err
	}
	if !a.workRole().AtLeast(RoleSupervisor) && !inOwnOrAssignedProject {
		return forbidden("workers create tasks only in projects they own or are assigned to")
	}
	return nil
}

// CanCreateOrDeleteJob: maintainers in any task; supervisors in tasks they
// own or are assigned to; workers never.
func (a Actor) CanCreateOrDeleteJob(ownOrAssignedTask, creating bool) error {
	if creating {
		if err := a.mayCreate("jobs"); err != nil {
			return err
		}
	}
	switch r := a.workRole(); {
	case r.AtLeast(RoleMaintainer):
		return nil
	case r == RoleSupervisor && ownOrAssignedTask:
		return nil
	}
	return forbidden("only maintainers, and supervisors in their own or assigned tasks, create and delete jobs")
}

// CanManageWork: assign or delete a project or task, or rename it.
// Maintainers any; others those they own.
func (a Actor) CanManageWork(owns bool) error {
	if a.workRole().AtLeast(RoleMaintainer) || owns {
		return nil
	}
	return forbidden("only its owner and maintainers assign, rename or delete this")
}

// CanAssignJob: maintainers any job; others jobs of tasks they own or are
// assigned to.
func (a Actor) CanAssignJob(ownOrAssignedTask bool) error {
	if a.workRole().AtLeast(RoleMaintainer) || ownOrAssignedTask {
		return nil
	}
	return forbidden("only maintainers and the task's owner or assignee assign its jobs")
}

// CanCreateCloudStorage: maintainers and owners.
func (a Actor) CanCreateCloudStorage() error {
	if err := a.mayCreate("cloud storages"); err != nil {
		return err
	}
	if !a.workRole().AtLeast(RoleMaintainer) {
		return forbidden("only maintainers and owners create cloud storages")
	}
	return nil
}

// CanEditCloudStorage: edit or delete. Maintainers any; others their own.
func (a Actor) CanEditCloudStorage(owns bool) error {
	if a.workRole().AtLeast(RoleMaintainer) || owns {
		return nil
	}
	return forbidden("only its owner and maintainers edit or delete a cloud storage")
}
