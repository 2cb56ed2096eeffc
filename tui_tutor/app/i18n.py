"""Every string the app shows (except the lab's, in lab_strings.py), in English and Chinese.

`t(key, lang, **fmt)` looks a string up and fills its ``{fields}``; an unknown language falls
back to English, an unknown key to the key itself (so a missing string shows, never crashes).
"""

from __future__ import annotations

from tui_tutor.course.locale import LANGS  # the languages the course (and the app) speaks

__all__ = ["LANGS", "STRINGS", "fill", "t"]

STRINGS: dict[str, dict[str, str]] = {
    # Header and footer
    "app_title": {"en": "tui-tutor", "zh": "tui-tutor 深度学习练习"},
    "step_of": {"en": "step {n}/{m}", "zh": "第 {n}/{m} 步"},
    "score": {"en": "score {got}/{total}", "zh": "得分 {got}/{total}"},
    "key_next": {"en": "next", "zh": "下一步"},
    "key_prev": {"en": "prev", "zh": "上一步"},
    "key_lessons": {"en": "lessons", "zh": "课程"},
    "key_help": {"en": "help", "zh": "帮助"},
    "key_quit": {"en": "quit", "zh": "退出"},
    "key_layout": {"en": "layout", "zh": "布局"},
    "key_hint": {"en": "hint", "zh": "提示"},
    "key_answer": {"en": "answer", "zh": "作答"},
    "key_leave": {"en": "leave field", "zh": "离开输入框"},
    # Help screen
    "help_title": {"en": "Keys", "zh": "按键"},
    "help_lesson": {"en": "Lesson", "zh": "课程"},
    "help_quiz": {"en": "Questions", "zh": "练习题"},
    "help_lab": {"en": "Lab", "zh": "实验"},
    "help_app": {"en": "App", "zh": "应用"},
    "help_close": {"en": "Press Escape or ? to close.", "zh": "按 Escape 或 ? 关闭。"},
    "help_next": {"en": "next step", "zh": "下一步"},
    "help_prev": {"en": "previous step", "zh": "上一步"},
    "help_lessons": {
        "en": "lesson list: jump to any lesson or step",
        "zh": "课程列表：跳到任意课或步",
    },
    "help_layout": {
        "en": "layout: lesson and lab / lab full screen / lesson full screen",
        "zh": "布局：课程与实验 / 实验全屏 / 课程全屏",
    },
    "help_scroll": {"en": "scroll the lesson text", "zh": "滚动课程文字"},
    "help_numbers": {
        "en": "pick a choice (multiple choice: toggle)",
        "zh": "选择选项（多选题：切换）",
    },
    "help_enter": {
        "en": "submit the answer (predict: commit, then the lab runs)",
        "zh": "提交答案（预测题：确定后实验运行）",
    },
    "help_hint": {"en": "show the hint", "zh": "显示提示"},
    "help_numeric": {
        "en": "numeric question: type the number, Enter submits, Escape leaves the field",
        "zh": "数值题：输入数字，Enter 提交，Escape 离开输入框",
    },
    "help_help": {"en": "this help", "zh": "本帮助"},
    "help_escape": {"en": "hide the messages in the corner", "zh": "隐藏角落里的消息"},
    "help_palette": {
        "en": "command palette: go to lesson, reset lab, theme",
        "zh": "命令面板：转到课程、重置实验、主题",
    },
    "help_theme": {"en": "dark / light theme", "zh": "深色 / 浅色主题"},
    "help_quit": {"en": "quit (progress is saved)", "zh": "退出（进度已保存）"},
    "help_links": {
        "en": "Links to other lessons open inside the tutor (by keyboard: ctrl+p, Follow link); "
        "web links are shown, not opened.",
        "zh": "指向其他课的链接在本应用内打开（键盘：ctrl+p，打开链接）；"
        "网页链接只显示，不会打开。",
    },
    # Lesson list
    "lessons_title": {"en": "Lessons", "zh": "课程列表"},
    "lessons_hint": {
        "en": "Enter opens, Escape closes",
        "zh": "Enter 打开，Escape 关闭",
    },
    "lesson_done": {"en": "done", "zh": "已完成"},
    # Command palette
    "cmd_goto": {"en": "Go to lesson: {title}", "zh": "转到课程：{title}"},
    "cmd_goto_help": {"en": "Open lesson {n}, {title}", "zh": "打开第 {n} 课：{title}"},
    "cmd_link": {"en": "Follow link: {text}", "zh": "打开链接：{text}"},
    "cmd_reset": {"en": "Reset lab", "zh": "重置实验"},
    "cmd_reset_help": {
        "en": "Back to this step's preset lab settings",
        "zh": "恢复本步的预设实验参数",
    },
    "cmd_lessons": {"en": "Lesson list", "zh": "课程列表"},
    "cmd_lessons_help": {"en": "Jump to any lesson or step", "zh": "跳到任意课或步"},
    "cmd_help": {"en": "Keys (help)", "zh": "按键（帮助）"},
    "cmd_help_help": {"en": "Every key of the tutor and the lab", "zh": "应用和实验的所有按键"},
    "cmd_theme": {"en": "Toggle dark / light theme", "zh": "切换深色 / 浅色主题"},
    "cmd_theme_help": {
        "en": "Switch between the dark and light themes",
        "zh": "在深色和浅色之间切换",
    },
    "cmd_layout": {"en": "Change layout", "zh": "切换布局"},
    "cmd_layout_help": {
        "en": "Lesson and lab / lab full screen / lesson full screen",
        "zh": "课程与实验 / 实验全屏 / 课程全屏",
    },
    "cmd_problems": {"en": "Show lesson problems", "zh": "显示课程问题"},
    "cmd_problems_help": {
        "en": "The problems found in the lesson files at start",
        "zh": "启动时在课程文件中发现的问题",
    },
    # Notifications
    "lab_reset": {"en": "Lab reset to this step's preset.", "zh": "实验已恢复为本步预设。"},
    "link_not_opened": {
        "en": "Web link (not opened): {href}",
        "zh": "网页链接（不会打开）：{href}",
    },
    "unknown_lesson": {"en": "No lesson with id '{id}'.", "zh": "没有 id 为“{id}”的课。"},
    "first_step": {"en": "This is the first step.", "zh": "这已是第一步。"},
    "last_step": {
        "en": "That was the last step of the course. Press l for the lesson list.",
        "zh": "这是课程的最后一步。按 l 打开课程列表。",
    },
    "lesson_finished": {
        "en": "Lesson finished: {title} ({score}).",
        "zh": "本课完成：{title}（{score}）。",
    },
    "no_hint": {"en": "No question on this step.", "zh": "本步没有练习题。"},
    "problems_title": {
        "en": "{n} problem(s) in the lessons:",
        "zh": "课程中有 {n} 个问题：",
    },
    "problem_skipped": {"en": "(lesson skipped)", "zh": "（已跳过此课）"},
    "problems_hide": {
        "en": "Escape hides this; ctrl+p shows it again.",
        "zh": "按 Escape 隐藏；按 ctrl+p 可再次显示。",
    },
    "progress_warning": {"en": "Progress: {warning}", "zh": "进度：{warning}"},
    "progress_save_failed": {
        "en": "Progress could not be saved: {error}",
        "zh": "进度无法保存：{error}",
    },
    "no_lessons": {
        "en": "No lessons could be loaded from {dir}.",
        "zh": "无法从 {dir} 加载任何课程。",
    },
    "resumed": {
        "en": "Welcome back: {title}, {step}.",
        "zh": "欢迎回来：{title}，{step}。",
    },
    # Quizzes
    "quiz_single": {
        "en": "Press 1-{n} to choose, Enter to answer, h for a hint.",
        "zh": "按 1-{n} 选择，Enter 作答，h 查看提示。",
    },
    "quiz_multiple": {
        "en": "Select all that apply: 1-{n} toggles, Enter answers, h for a hint.",
        "zh": "多选：按 1-{n} 切换，Enter 作答，h 查看提示。",
    },
    "quiz_numeric": {
        "en": "Type a number and press Enter; Escape leaves the field (then h: hint).",
        "zh": "输入数字后按 Enter；Escape 离开输入框（之后按 h 看提示）。",
    },
    "quiz_numeric_unit": {
        "en": "Type a number (in {unit}) and press Enter; Escape leaves the field (then h: hint).",
        "zh": "输入数字（单位：{unit}）后按 Enter；Escape 离开输入框（之后按 h 看提示）。",
    },
    "quiz_predict": {
        "en": "Predict first: 1-{n} chooses, Enter commits and runs the lab, h for a hint.",
        "zh": "先预测：按 1-{n} 选择，Enter 确定并运行实验，h 查看提示。",
    },
    "quiz_challenge": {
        "en": "Change the lab until every goal holds at the end of a finished run (h: hint).",
        "zh": "调整实验，直到一次完整运行结束时所有目标都满足（h 查看提示）。",
    },
    "quiz_heading": {"en": "{title}: ", "zh": "{title}："},
    "quiz_goal": {"en": "Goal", "zh": "目标"},
    "quiz_expect": {"en": "After the run", "zh": "运行结果"},
    "quiz_number_placeholder": {"en": "a number", "zh": "一个数字"},
    "quiz_pick_first": {
        "en": "Pick a choice first (1-{n}).",
        "zh": "请先选择一个选项（1-{n}）。",
    },
    "quiz_no_choice": {
        "en": "There is no choice {k}; press 1-{n}.",
        "zh": "没有选项 {k}；请按 1-{n}。",
    },
    "quiz_correct": {"en": "Correct.", "zh": "正确。"},
    "quiz_wrong": {
        "en": "Not quite. Try again (h shows a hint).",
        "zh": "不太对。再试一次（按 h 看提示）。",
    },
    "quiz_reveal": {
        "en": "The answer: {answer}.",
        "zh": "答案：{answer}。",
    },
    "quiz_retry": {"en": "{message} ({attempt})", "zh": "{message}（{attempt}）"},
    "quiz_hint": {"en": "Hint: {hint}", "zh": "提示：{hint}"},
    "quiz_explain": {"en": "Why: {explain}", "zh": "解释：{explain}"},
    "quiz_attempts": {"en": "attempt {n} of {max}", "zh": "第 {n} 次，共 {max} 次"},
    "quiz_running": {
        "en": "Prediction committed. The lab is running...",
        "zh": "预测已确定。实验运行中……",
    },
    "quiz_prediction_held": {
        "en": "Your prediction held.",
        "zh": "你的预测成立。",
    },
    "quiz_prediction_failed": {
        "en": "Your prediction did not hold: {answer}.",
        "zh": "你的预测不成立：{answer}。",
    },
    "quiz_challenge_met": {"en": "Challenge met!", "zh": "挑战完成！"},
    "quiz_challenge_waiting": {
        "en": "Waiting for a finished run...",
        "zh": "等待一次完整运行……",
    },
    "quiz_question": {"en": "Question", "zh": "练习题"},
    "quiz_prediction": {"en": "Prediction", "zh": "预测"},
    "quiz_challenge_title": {"en": "Challenge", "zh": "挑战"},
}


def fill(text: str, fmt: dict[str, object]) -> str:
    """`text` with its ``{fields}`` filled from `fmt`; unchanged when a field is missing."""
    if not fmt:
        return text
    try:
        return text.format(**fmt)
    except (KeyError, IndexError, ValueError):
        return text


def t(key: str, lang: str = "en", **fmt: object) -> str:
    """The UI string `key` in `lang` ("en" or "zh"), with ``{fields}`` filled from `fmt`."""
    entry = STRINGS.get(key)
    if entry is None:
        return key
    return fill(entry.get(lang) or entry["en"], fmt)
