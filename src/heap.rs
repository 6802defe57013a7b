//! The shipped build's allocator: free lists by power-of-two size class over
//! pages taken with `memory.grow`. The core's allocations are small and
//! short-lived strings and vectors, so a freed block is soon reused by one of
//! the same class; wasm memory never shrinks anyway. A general-purpose
//! allocator (talc, dlmalloc) cost over 1 KB of gzip for no gain here.
//!
//! Single-threaded (wasm32 without atomics), so the state is plain cells.

// Only the shipped wasm build installs it; native tests use the pure parts.
#![cfg_attr(not(all(feature = "slim", target_arch = "wasm32")), allow(dead_code))]

#[cfg(target_arch = "wasm32")]
use core::alloc::GlobalAlloc;
use core::alloc::Layout;
use core::cell::UnsafeCell;
use core::ptr;

const PAGE: usize = 65_536;
/// Classes 16 B, 32 B, … 32 KiB; larger blocks are whole pages.
const MIN_SHIFT: u32 = 4;
const CLASSES: usize = 12;

/// The size class of a layout (`None`: whole pages). Pure, tested natively.
pub fn class_of(layout: Layout) -> Option<usize> {
    let size = layout.size().max(layout.align()).max(1 << MIN_SHIFT);
    let shift = usize::BITS - (size - 1).leading_zeros();
    let class = (shift - MIN_SHIFT) as usize;
    (class < CLASSES).then_some(class)
}

/// Pages for a block outside the classes.
pub fn pages_of(layout: Layout) -> usize {
    layout.size().div_ceil(PAGE)
}

struct State {
    /// Head of each class's free list (the next pointer lives in the block).
    free: [*mut u8; CLASSES],
    /// Freed page blocks: `[next, pages]` at the start of each.
    large: *mut u8,
    /// The unused rest of the page the classes are carved from.
    bump: usize,
    end: usize,
}

pub struct Heap(UnsafeCell<State>);

// wasm32 without threads: one thread touches the heap.
unsafe impl Sync for Heap {}

impl Heap {
    pub const fn new() -> Heap {
        Heap(UnsafeCell::new(State {
            free: [ptr::null_mut(); CLASSES],
            large: ptr::null_mut(),
            bump: 0,
            end: 0,
        }))
    }
}

/// `pages` fresh pages, or null when the memory cannot grow.
#[cfg(target_arch = "wasm32")]
fn grow(pages: usize) -> *mut u8 {
    let old = core::arch::wasm32::memory_grow(0, pages);
    if old == usize::MAX {
        ptr::null_mut()
    } else {
        (old * PAGE) as *mut u8
    }
}

#[cfg(target_arch = "wasm32")]
unsafe impl GlobalAlloc for Heap {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let state = &mut *self.0.get();
        let Some(class) = class_of(layout) else {
            return alloc_pages(state, pages_of(layout));
        };
        let head = state.free.as_mut_ptr().add(class);
        if !(*head).is_null() {
            let block = *head;
            *head = *(block as *mut *mut u8);
            return block;
        }
        let size = 1usize << (class as u32 + MIN_SHIFT);
        // Blocks are aligned to their size (pages are 64 KiB aligned).
        let start = (state.bump + size - 1) & !(size - 1);
        if start + size > state.end {
            let page = grow(1);
            if page.is_null() {
                return page;
            }
            state.bump = page as usize + size;
            state.end = page as usize + PAGE;
            return page;
        }
        state.bump = start + size;
        start as *mut u8
    }

    unsafe fn dealloc(&self, block: *mut u8, layout: Layout) {
        let state = &mut *self.0.get();
        match class_of(layout) {
            Some(class) => {
                let head = state.free.as_mut_ptr().add(class);
                *(block as *mut *mut u8) = *head;
                *head = block;
            }
            None => {
                let header = block as *mut usize;
                *header = state.large as usize;
                *header.add(1) = pages_of(layout);
                state.large = block;
            }
        }
    }

    unsafe fn realloc(&self, block: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let new_layout = Layout::from_size_align_unchecked(new_size, layout.align());
        let class = class_of(layout);
        // Still fits its block: strings grow in place up to the class size,
        // page blocks within their pages.
        let same = match class {
            Some(_) => class == class_of(new_layout),
            None => class_of(new_layout).is_none() && pages_of(layout) == pages_of(new_layout),
        };
        if same {
            return block;
        }
        let moved = self.alloc(new_layout);
        if !moved.is_null() {
            ptr::copy_nonoverlapping(block, moved, layout.size().min(new_size));
            self.dealloc(block, layout);
        }
        moved
    }
}

#[cfg(target_arch = "wasm32")]
/// The tail of a freed page block of at least `pages` (first fit; the rest
/// stays on the list), else new pages.
unsafe fn alloc_pages(state: &mut State, pages: usize) -> *mut u8 {
    let mut link: *mut *mut u8 = &mut state.large;
    while !(*link).is_null() {
        let block = *link;
        let header = block as *mut usize;
        let have = *header.add(1);
        if have > pages {
            *header.add(1) = have - pages;
            return block.add((have - pages) * PAGE);
        }
        if have == pages {
            *link = *header as *mut u8;
            return block;
        }
        link = header as *mut *mut u8;
    }
    grow(pages)
}

#[cfg(test)]
mod tests;
