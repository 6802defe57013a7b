use super::*;

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
