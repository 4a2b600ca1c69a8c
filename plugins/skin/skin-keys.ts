/** The keys of a Hermes skin (FORMATS.md §2), by section: what validateSkin knows and warns about. */
export const TOP_KEYS = [
  'name',
  'description',
  'colors',
  'spinner',
  'branding',
  'tool_prefix',
  'tool_emojis',
  'banner_logo',
  'banner_hero',
] as const

export const COLOR_KEYS = [
  'banner_border',
  'banner_title',
  'banner_accent',
  'banner_dim',
  'banner_text',
  'ui_accent',
  'ui_label',
  'ui_ok',
  'ui_error',
  'ui_warn',
  'prompt',
  'input_rule',
  'response_border',
  'status_bar_bg',
  'status_bar_text',
  'status_bar_strong',
  'status_bar_dim',
  'status_bar_good',
  'status_bar_warn',
  'status_bar_bad',
  'status_bar_critical',
  'session_label',
  'session_border',
  'voice_status_bg',
  'selection_bg',
  'completion_menu_bg',
  'completion_menu_current_bg',
  'completion_menu_meta_bg',
  'completion_menu_meta_current_bg',
] as const

export const SPINNER_KEYS = ['waiting_faces', 'thinking_faces', 'thinking_verbs', 'wings'] as const
export const BRANDING_KEYS = [
  'agent_name',
  'welcome',
  'goodbye',
  'response_label',
  'prompt_symbol',
  'help_header',
] as const
