package main

import "syscall"

// childAttr makes a server the bench started die with the bench, even if
// the bench itself is killed.
func childAttr() *syscall.SysProcAttr {
	return &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
}
