#include "textflag.h"
#include "funcdata.h"

// func Grow()
// The frame size (12 KiB, growstack.Size) makes the stack check in the
// prologue grow the stack; the function itself does nothing.
TEXT ·Grow(SB), 0, $12288-0
	NO_LOCAL_POINTERS
	RET
