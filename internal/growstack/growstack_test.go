package growstack_test

import (
	"testing"

	"github.com/eventmesh/processor/internal/growstack"
)

func recurse(n int) int {
	var pad [64]byte
	pad[n%len(pad)] = byte(n)
	if n == 0 {
		return int(pad[0])
	}
	return recurse(n-1) + int(pad[n%len(pad)])
}

func TestGrow_then_deep_recursion_still_works(t *testing.T) {
	t.Parallel()
	done := make(chan int)
	go func() {
		growstack.Grow()
		done <- recurse(200)
	}()
	require := <-done
	if require == 0 {
		t.Fatal("recursion returned nothing")
	}
}

// A goroutine that recurses about 20 KB deep, with and without Grow first.
func BenchmarkDeepGoroutine(b *testing.B) {
	for _, grow := range []bool{false, true} {
		name := "without_Grow"
		if grow {
			name = "with_Grow"
		}
		b.Run(name, func(b *testing.B) {
			done := make(chan int)
			for b.Loop() {
				go func() {
					if grow {
						growstack.Grow()
					}
					done <- recurse(200)
				}()
				<-done
			}
		})
	}
}
