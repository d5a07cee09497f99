/** Reading a task's argument block: consecutive 32-bit slots (integers, pointers or f32 bits). */

@inline
export function arg(args: usize, index: i32): i32 {
  return load<i32>(args + (<usize>index << 2));
}

@inline
export function ptr(args: usize, index: i32): usize {
  return <usize>load<u32>(args + (<usize>index << 2));
}

@inline
export function real(args: usize, index: i32): f32 {
  return load<f32>(args + (<usize>index << 2));
}

@inline
export function at(base: usize, index: usize): usize {
  return base + (index << 2);
}
