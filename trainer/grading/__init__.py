"""The push-back grader: rubric cues found in a reply, with evidence."""
