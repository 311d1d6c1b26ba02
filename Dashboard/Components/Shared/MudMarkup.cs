using Microsoft.AspNetCore.Components;

namespace Coverage.Dashboard.Components.Shared;

/// <summary>
/// MudBlazor's markup for the few pieces every idle circuit would otherwise hold as components of their own (issue 14: each
/// component keeps two render trees): the same elements and classes MudIcon draws, so MudBlazor's style sheet applies.
/// </summary>
public static class MudMarkup
{
    private const string SmallIcon = "mud-icon-root mud-svg-icon mud-icon-size-small";
    private const string MediumIcon = "mud-icon-root mud-svg-icon mud-icon-size-medium";

    /// <summary>An SVG icon (one of MudBlazor's <c>Icons</c>), decorative: the text beside it says the same.</summary>
    public static RenderFragment Icon(string icon, bool small = false) => builder =>
    {
        builder.OpenElement(0, "svg");
        builder.AddAttribute(1, "class", small ? SmallIcon : MediumIcon);
        builder.AddAttribute(2, "focusable", "false");
        builder.AddAttribute(3, "viewBox", "0 0 24 24");
        builder.AddAttribute(4, "aria-hidden", "true");
        builder.AddAttribute(5, "role", "img");
        builder.AddMarkupContent(6, icon);
        builder.CloseElement();
    };

    /// <summary>
    /// What MudIconButton draws inside its button, a small icon in its label, as one piece of markup: a component's plain
    /// <c>&lt;button&gt;</c> in MudIconButton's classes holds it as one frame, the same string in every circuit (Playback).
    /// </summary>
    public static MarkupString IconButtonLabel(string icon) =>
        new($"<span class=\"mud-icon-button-label\"><svg class=\"{SmallIcon}\" focusable=\"false\" viewBox=\"0 0 24 24\" aria-hidden=\"true\" role=\"img\">{icon}</svg></span>");

    private static readonly SharedMarkup<string> ButtonLabels = new(256);

    /// <summary>What MudButton draws inside its button, its text in the label span, as one piece of markup per text shared by every circuit.</summary>
    public static MarkupString ButtonLabel(string text) =>
        ButtonLabels.Get(text, 0, static (t, _) => $"<span class=\"mud-button-label\">{SharedMarkup.Encoder.Encode(t)}</span>");
}
