/// The pool's category tree (所属分类).
public enum Categories {
    /// The ten top-level categories: the fields named by the sharing action (共享内容), in the
    /// order the menu shows them.
    public static let topLevel: [String] = [
        "思想道德", "文化艺术", "养生保健", "心理健康", "法律法规",
        "家庭理财", "闲暇生活", "代际沟通", "生命尊严", "科技应用",
    ]

    /// The deepest category path accepted.
    public static let maximumDepth = 6

    /// The longest name of one level, in characters.
    public static let maximumNameLength = 40
}
