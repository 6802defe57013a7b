//! The shipped build's allocator: free lists by power-of-two size class over
//! pages taken with `memory.grow`, and whole pages for larger blocks. The
//! core's allocations are small and short-lived strings and vectors, so a
//! freed block is soon reused by one of the same class; wasm memory never
//! shrinks anyway. A general-purpose allocator (talc, dlmalloc) cost over
//! 1 KB of gzip for no gain here.
//!
//! Free page blocks are kept in address order and merged with free
//! neighbours: without that, a string that grows from one page to two (a
//! long URL) split the freed two-page block of the call before and took two
//! new pages at every call.
//!
//! The logic takes its page source as a parameter (`memory.grow` in the
//! wasm, a buffer in the native tests). Single-threaded (wasm32 without
//! atomics), so the state is a plain cell.

// Only the shipped wasm build installs it; native tests drive `State` directly.
#![cfg_attr(not(all(feature = "slim", target_arch = "wasm32")), allow(dead_code))]

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

/// A free page block starts with this header.
#[repr(C)]
struct FreePages {
    next: *mut FreePages,
    pages: usize,
}

pub struct State {
    /// Head of each class's free list (the next pointer lives in the block).
    free: [*mut u8; CLASSES],
    /// Free page blocks, in address order, no two adjacent.
    large: *mut FreePages,
    /// The unused rest of the page the classes are carved from.
    bump: usize,
    end: usize,
}

impl State {
    pub const fn new() -> State {
        State {
            free: [ptr::null_mut(); CLASSES],
            large: ptr::null_mut(),
            bump: 0,
            end: 0,
        }
    }

    /// # Safety
    /// `grow(n)` returns `n` fresh pages (64 KiB aligned) no one else uses,
    /// or null.
    pub unsafe fn alloc(&mut self, layout: Layout, grow: impl Fn(usize) -> *mut u8) -> *mut u8 {
        let Some(class) = class_of(layout) else {
            return self.take_pages(pages_of(layout), grow);
        };
        let head = self.free.as_mut_ptr().add(class);
        if !(*head).is_null() {
            let block = *head;
            *head = *(block as *mut *mut u8);
            return block;
        }
        let size = 1usize << (class as u32 + MIN_SHIFT);
        // Blocks are aligned to their size (pages are 64 KiB aligned).
        let start = (self.bump + size - 1) & !(size - 1);
        if start + size > self.end {
            let page = grow(1);
            if page.is_null() {
                return page;
            }
            self.bump = page as usize + size;
            self.end = page as usize + PAGE;
            return page;
        }
        self.bump = start + size;
        start as *mut u8
    }

    /// # Safety
    /// `block` came from `alloc` or `realloc` of this state with `layout`.
    pub unsafe fn dealloc(&mut self, block: *mut u8, layout: Layout) {
        match class_of(layout) {
            Some(class) => {
                let head = self.free.as_mut_ptr().add(class);
                *(block as *mut *mut u8) = *head;
                *head = block;
            }
            None => self.free_pages(block as *mut FreePages, pages_of(layout)),
        }
    }

    /// # Safety
    /// As for `alloc` and `dealloc`.
    pub unsafe fn realloc(
        &mut self,
        block: *mut u8,
        layout: Layout,
        new_size: usize,
        grow: impl Fn(usize) -> *mut u8,
    ) -> *mut u8 {
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
        let moved = self.alloc(new_layout, grow);
        if !moved.is_null() {
            ptr::copy_nonoverlapping(block, moved, layout.size().min(new_size));
            self.dealloc(block, layout);
        }
        moved
    }

    /// The tail of the first free page block of at least `pages` (the rest
    /// stays on the list), else new pages.
    unsafe fn take_pages(&mut self, pages: usize, grow: impl Fn(usize) -> *mut u8) -> *mut u8 {
        let mut link: *mut *mut FreePages = &mut self.large;
        while !(*link).is_null() {
            let block = *link;
            let have = (*block).pages;
            if have > pages {
                (*block).pages = have - pages;
                return (block as *mut u8).add((have - pages) * PAGE);
            }
            if have == pages {
                *link = (*block).next;
                return block as *mut u8;
            }
            link = &mut (*block).next;
        }
        grow(pages)
    }

    /// Puts a page block back in address order, merged with the free
    /// blocks right before and after it.
    unsafe fn free_pages(&mut self, block: *mut FreePages, pages: usize) {
        let end = |b: *mut FreePages| (b as usize) + (*b).pages * PAGE;
        let mut prev: *mut FreePages = ptr::null_mut();
        let mut next = self.large;
        while !next.is_null() && (next as usize) < block as usize {
            prev = next;
            next = (*next).next;
        }
        let merged = if !prev.is_null() && end(prev) == block as usize {
            (*prev).pages += pages;
            prev
        } else {
            (*block).pages = pages;
            (*block).next = next;
            if prev.is_null() {
                self.large = block;
            } else {
                (*prev).next = block;
            }
            block
        };
        if !next.is_null() && end(merged) == next as usize {
            (*merged).pages += (*next).pages;
            (*merged).next = (*next).next;
        }
    }
}

pub struct Heap(UnsafeCell<State>);

// wasm32 without threads: one thread touches the heap.
unsafe impl Sync for Heap {}

impl Heap {
    pub const fn new() -> Heap {
        Heap(UnsafeCell::new(State::new()))
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
unsafe impl core::alloc::GlobalAlloc for Heap {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        (*self.0.get()).alloc(layout, grow)
    }

    unsafe fn dealloc(&self, block: *mut u8, layout: Layout) {
        (*self.0.get()).dealloc(block, layout)
    }

    unsafe fn realloc(&self, block: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        (*self.0.get()).realloc(block, layout, new_size, grow)
    }
}

#[cfg(test)]
mod tests;
