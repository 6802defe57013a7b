use super::*;
use std::cell::Cell;

fn layout(size: usize, align: usize) -> Layout {
    Layout::from_size_align(size, align).unwrap()
}

#[test]
fn classes_are_powers_of_two_from_16_bytes() {
    assert_eq!(class_of(layout(0, 1)), Some(0));
    assert_eq!(class_of(layout(1, 1)), Some(0));
    assert_eq!(class_of(layout(16, 8)), Some(0));
    assert_eq!(class_of(layout(17, 1)), Some(1));
    assert_eq!(class_of(layout(32, 1)), Some(1));
    assert_eq!(class_of(layout(33, 1)), Some(2));
    assert_eq!(class_of(layout(32_768, 1)), Some(11));
    assert_eq!(class_of(layout(32_769, 1)), None);
}

#[test]
fn alignment_picks_the_class_when_larger_than_the_size() {
    assert_eq!(class_of(layout(8, 64)), Some(2));
}

#[test]
fn large_blocks_take_whole_pages() {
    assert_eq!(pages_of(layout(32_769, 1)), 1);
    assert_eq!(pages_of(layout(65_536, 1)), 1);
    assert_eq!(pages_of(layout(65_537, 1)), 2);
}

/// A page source over a buffer, as `memory.grow` hands out pages: in
/// order, 64 KiB aligned, up to a limit.
struct Memory {
    buf: Vec<u8>,
    base: usize,
    limit: usize,
    used: Cell<usize>,
}

impl Memory {
    fn new(limit: usize) -> Memory {
        let buf = vec![0u8; (limit + 1) * PAGE];
        let base = (buf.as_ptr() as usize).next_multiple_of(PAGE);
        Memory {
            buf,
            base,
            limit,
            used: Cell::new(0),
        }
    }

    fn grow(&self) -> impl Fn(usize) -> *mut u8 + '_ {
        move |pages| {
            let used = self.used.get();
            if used + pages > self.limit {
                return ptr::null_mut();
            }
            self.used.set(used + pages);
            (self.base + used * PAGE) as *mut u8
        }
    }

    fn pages(&self) -> usize {
        self.used.get()
    }
}

#[test]
fn class_blocks_are_aligned_distinct_and_reused_after_free() {
    let mem = Memory::new(4);
    let mut heap = State::new();
    unsafe {
        let a = heap.alloc(layout(24, 8), mem.grow());
        let b = heap.alloc(layout(24, 8), mem.grow());
        assert_ne!(a, b);
        assert_eq!(a as usize % 32, 0);
        assert_eq!(b as usize % 32, 0);
        heap.dealloc(a, layout(24, 8));
        assert_eq!(
            heap.alloc(layout(30, 1), mem.grow()),
            a,
            "same class: reused"
        );
    }
    assert_eq!(mem.pages(), 1);
}

#[test]
fn a_url_growing_from_one_page_to_two_takes_no_new_pages_on_later_calls() {
    // The pattern that leaked two pages a call before free page blocks
    // were merged: a 1-page value lives for the call while the URL grows
    // from 1 page to 2; everything is freed at the end.
    let mem = Memory::new(64);
    let mut heap = State::new();
    let call = |heap: &mut State| unsafe {
        let value = heap.alloc(layout(60_000, 1), mem.grow());
        let url = heap.alloc(layout(55_296, 1), mem.grow());
        let url = heap.realloc(url, layout(55_296, 1), 110_592, mem.grow());
        assert!(!value.is_null() && !url.is_null());
        heap.dealloc(url, layout(110_592, 1));
        heap.dealloc(value, layout(60_000, 1));
    };
    call(&mut heap);
    let after_first = mem.pages();
    for _ in 0..20 {
        call(&mut heap);
    }
    assert_eq!(mem.pages(), after_first);
}

#[test]
fn adjacent_free_page_blocks_merge_whatever_the_order_freed() {
    let mem = Memory::new(16);
    let mut heap = State::new();
    let one = layout(PAGE, 1);
    unsafe {
        let blocks: Vec<_> = (0..3).map(|_| heap.alloc(one, mem.grow())).collect();
        for &i in &[2, 0, 1] {
            heap.dealloc(blocks[i], one);
        }
        let three = heap.alloc(layout(3 * PAGE, 1), mem.grow());
        assert_eq!(three, blocks[0], "the three pages are one block again");
    }
    assert_eq!(mem.pages(), 3);
}

#[test]
fn realloc_keeps_the_bytes_across_classes_and_pages() {
    let mem = Memory::new(16);
    let mut heap = State::new();
    unsafe {
        let mut size = 10;
        let mut p = heap.alloc(layout(size, 1), mem.grow());
        for i in 0..size {
            *p.add(i) = i as u8;
        }
        for new_size in [100, 5_000, 40_000, 70_000, 200_000, 50] {
            p = heap.realloc(p, layout(size, 1), new_size, mem.grow());
            assert!(!p.is_null());
            for i in 0..size.min(new_size).min(10) {
                assert_eq!(*p.add(i), i as u8, "byte {i} after growing to {new_size}");
            }
            size = new_size;
        }
        heap.dealloc(p, layout(size, 1));
    }
}

#[test]
fn an_exhausted_memory_gives_null_not_a_crash() {
    let mem = Memory::new(2);
    let mut heap = State::new();
    unsafe {
        assert!(heap.alloc(layout(3 * PAGE, 1), mem.grow()).is_null());
        let two = heap.alloc(layout(2 * PAGE, 1), mem.grow());
        assert!(!two.is_null());
        assert!(heap.alloc(layout(16, 1), mem.grow()).is_null());
    }
}

#[test]
fn random_allocations_never_overlap_and_keep_their_bytes() {
    let mem = Memory::new(512);
    let mut heap = State::new();
    let mut seed = 0x2545_f491_u64;
    let mut rand = move |n: usize| {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        (seed % n as u64) as usize
    };
    let mut live: Vec<(*mut u8, Layout, u8)> = Vec::new();
    unsafe {
        for step in 0..20_000 {
            // At most 300 live blocks (~6 MB): the 512 pages (32 MB) leave
            // room for fragmentation, not for a leak.
            if live.len() >= 300 || (!live.is_empty() && rand(2) == 0) {
                let (p, l, tag) = live.swap_remove(rand(live.len()));
                for i in [0, l.size() / 2, l.size() - 1] {
                    assert_eq!(*p.add(i), tag, "step {step}: a block was overwritten");
                }
                heap.dealloc(p, l);
                continue;
            }
            // Mostly small, sometimes a few pages.
            let size = match rand(10) {
                0 => 1 + rand(4 * PAGE),
                1..=3 => 1 + rand(40_000),
                _ => 1 + rand(600),
            };
            let l = layout(size, 1 << rand(4));
            let p = heap.alloc(l, mem.grow());
            assert!(
                !p.is_null(),
                "step {step}: out of memory ({} pages)",
                mem.pages()
            );
            assert_eq!(p as usize % l.align(), 0);
            let tag = (step % 251) as u8;
            core::ptr::write_bytes(p, tag, size);
            live.push((p, l, tag));
        }
        let mut spans: Vec<(usize, usize)> = live
            .iter()
            .map(|&(p, l, _)| (p as usize, p as usize + l.size()))
            .collect();
        spans.sort();
        assert!(
            spans.windows(2).all(|w| w[0].1 <= w[1].0),
            "live blocks overlap"
        );
    }
}
