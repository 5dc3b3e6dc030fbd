// Package growstack grows a goroutine's stack ahead of deep work.
//
// Go starts every goroutine on a small stack and doubles it whenever it
// overflows, copying the whole stack, and adjusting every frame, each time.
// Code that recurses deep on a fresh goroutine pays that copying several
// times over, at its deepest; growing the stack once, while it is shallow,
// costs a fraction of it. CockroachDB's util/growstack does the same.
package growstack

// Size is how much stack Grow makes room for, beyond the caller's frames:
// called near the top of a goroutine, a 16 KB stack, the largest the
// runtime hands out from its per-CPU caches.
const Size = 12 << 10

// Grow makes the calling goroutine's stack hold at least Size more bytes
// than it uses now. It is implemented in assembly: a function whose frame
// is Size bytes and which does nothing, so the runtime grows the stack to
// call it and no memory is cleared.
func Grow()
