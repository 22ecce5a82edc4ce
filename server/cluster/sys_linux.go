package cluster

import "syscall"

// sysProcAttr makes a child die with the cluster program (a crash of the
// program must not leave NATS servers and hosts running).
func sysProcAttr() *syscall.SysProcAttr { return &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL} }
