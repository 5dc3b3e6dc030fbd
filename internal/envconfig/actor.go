package envconfig

import (
	"os"
	"os/user"
)

// Actor is the variable name (POISON_ACTOR, SENDER_ACTOR): who runs an
// operator command, recorded with what it does. Default: the process's
// user@host, "unknown" for a user that cannot be found, without "@host" for
// a host name that cannot be.
func (r *Reader) Actor(name string) string {
	if v := r.String(name, ""); v != "" {
		return v
	}
	who := "unknown"
	if u, err := user.Current(); err == nil {
		who = u.Username
	}
	if host, err := os.Hostname(); err == nil {
		return who + "@" + host
	}
	return who
}
